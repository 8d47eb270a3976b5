// Escaping for the text formats: HTML (and the SVG inside it) and Markdown. Pure functions.

/**
 * Escapes text for HTML element content and double-quoted attribute values: `& < > " '`, and also `=`, the `(` of
 * `url(`, the `@` of `@import` and the `:` of `://`, so that no text from a source (a quote, a URL printed as text)
 * can read as `src=`, `url(`, `@import` or an external URL to a reader or a scanner of the file: the character
 * references render the same, so a URL still shows as `https://…` on the page.
 *
 * @example escapeHtml('<script>alert("x")</script>') // => '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/=/g, '&#61;')
    .replace(/(url)\(/gi, '$1&#40;')
    .replace(/@(import)/gi, '&#64;$1')
    .replace(/:\/\//g, '&#58;//');
}

/**
 * Escapes text for Markdown prose and table cells: backslash-escapes the characters that would start emphasis, code,
 * links, raw HTML or a cell border (`\ ` * _ [ ] < > |`), and turns line breaks into spaces (a cell is one line).
 *
 * @example escapeMarkdown('a | b <c>') // => 'a \\| b \\<c\\>'
 */
export function escapeMarkdown(value: unknown): string {
  return String(value ?? '')
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/**
 * A quote's context as `Commitment.context` gives it (plain words, the quote's spans wrapped in `<mark>…</mark>`)
 * as safe HTML: every run of words escaped with escapeHtml, the marks kept as `<mark>` elements. Anything else that
 * looks like markup in the words is escaped like the rest.
 *
 * @example markedContextHtml('… will <mark>consult</mark> & act …') // => '… will <mark>consult</mark> &amp; act …'
 */
export function markedContextHtml(context: string): string {
  return context
    .split(/(<mark>[\s\S]*?<\/mark>)/)
    .map((part) => {
      const marked = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
      return marked ? `<mark>${escapeHtml(marked[1])}</mark>` : escapeHtml(part);
    })
    .join('');
}
