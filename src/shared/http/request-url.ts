/**
 * The URL of a request target as the routes read it, or null when it cannot be parsed. The target is read as a path on
 * this server (`//host/x` is the path `//host/x`, not another host), or in absolute form (`http://host/x`) as it is.
 * `new URL(target, base)` alone throws on targets such as `//[`, and a throw there, outside any handler, left the
 * request unanswered (found by the HTTP route properties, issue 14 part D).
 *
 * @example requestUrl('//[')?.pathname // => '//['
 * @example requestUrl('http://[')      // => null
 */
export function requestUrl(target: string | undefined): URL | null {
  const raw = target ?? '/';
  try {
    return raw.startsWith('/') ? new URL(`http://localhost${raw}`) : new URL(raw);
  } catch {
    return null;
  }
}
