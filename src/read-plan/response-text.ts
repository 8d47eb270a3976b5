import type { FormattedExecutionResult } from 'graphql';

/** The `data` of a response as JSON text that PostgreSQL wrote: spliced into the response, never parsed. */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * Apollo Server's `stringifyResult`: a response whose `data` is {@link JsonText} is written around that text; any
 * other as Apollo writes it (JSON and a newline). The read fast path writes its answers with it too.
 */
export function stringifyResult(value: FormattedExecutionResult): string {
  const data: unknown = value.data;
  if (!(data instanceof JsonText)) return `${JSON.stringify(value)}\n`;
  const errors = value.errors ? `"errors":${JSON.stringify(value.errors)},` : '';
  const extensions = value.extensions ? `,"extensions":${JSON.stringify(value.extensions)}` : '';
  return `{${errors}"data":${data.text}${extensions}}\n`;
}
