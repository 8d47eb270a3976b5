import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { FormattedExecutionResult, FragmentDefinitionNode, getVariableValues, Kind } from 'graphql';
import type { RequestContext } from '../shared/context/request-context';
import { compileReadPlan } from './json';
import { planRead } from './plan';

/** The `data` of a response as JSON text that PostgreSQL wrote: spliced into the response, never parsed. */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * Apollo Server's `stringifyResult`: a response whose `data` is {@link JsonText} is written around that text; any
 * other as Apollo writes it (JSON and a newline).
 */
export function stringifyResult(value: FormattedExecutionResult): string {
  const data: unknown = value.data;
  if (!(data instanceof JsonText)) return `${JSON.stringify(value)}\n`;
  const errors = value.errors ? `"errors":${JSON.stringify(value.errors)},` : '';
  const extensions = value.extensions ? `,"extensions":${JSON.stringify(value.extensions)}` : '';
  return `{${errors}"data":${data.text}${extensions}}\n`;
}

/**
 * The JSON path of reads (issue 17): for an HTTP query the read plan covers, one statement returns the response's
 * `data` as JSON and Apollo sends it as it is. It answers in `responseForOperation`, after every
 * `didResolveOperation` hook (node and filter limits, the input guard, metrics, trusted documents) has passed. What
 * the plan does not cover, a failed statement included, returns null: Apollo then executes the operation the current
 * way, which reports its errors. `executeOperation` without HTTP (tests, report runs) always goes the current way.
 */
export function readPlanPlugin(options: { enabled: boolean }): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      if (!options.enabled) return {};
      return {
        async responseForOperation({ request, operation, document, schema, contextValue, logger }) {
          if (!request.http || !operation || operation.operation !== 'query') return null;
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if (coerced.errors) return null;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions)
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          const planned = planRead({ schema, operation, fragments, variables: coerced.coerced });
          if ('notCovered' in planned) return null;
          const statement = compileReadPlan(planned.plan);
          let rows: { data: string }[];
          try {
            rows = await contextValue.sql<{ data: string }>(statement.text, statement.values, statement.planWithValues);
          } catch (error) {
            logger.debug?.(`read plan statement failed, the current path answers: ${(error as Error).message}`);
            return null;
          }
          // No row: a condition of the plan failed (an unknown slug of compareAgreements); the resolvers report it.
          if (rows.length !== 1) return null;
          // Apollo types `data` as an object; JsonText stands for one until stringifyResult writes it.
          const data = new JsonText(rows[0].data) as unknown as Record<string, unknown>;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } };
        },
      };
    },
  };
}
