import type { DocumentNode } from 'graphql';

/** Longest variables key worth remembering: larger requests are rare, and their check costs about what the key does. */
const MAX_KEY_LENGTH = 4_096;
/** Distinct operation-and-variables pairs remembered per document. */
const MAX_ENTRIES_PER_DOCUMENT = 256;

/**
 * Remembers a pure per-request computation on a parsed document (Apollo hands the same `DocumentNode` to every
 * request with the same text) and its operation name and variables, so the checks every request passes (the node
 * count, the input guard) walk a document once per distinct request rather than on every request.
 *
 * `keep` says which results are worth remembering (the input guard keeps only clean ones: a refusal is a fresh error
 * for each request).
 *
 * @example const count = memo(document, operationName, variables, () => countQueryNodes(...));
 */
export function perDocumentMemo<T>(
  keep: (value: T) => boolean = () => true,
): (document: DocumentNode, operationName: string | null | undefined, variables: unknown, compute: () => T) => T {
  const byDocument = new WeakMap<DocumentNode, Map<string, T>>();
  return (document, operationName, variables, compute) => {
    let key: string;
    try {
      key = `${operationName ?? ''}\u0000${JSON.stringify(variables ?? {})}`;
    } catch {
      // Variables too deep to serialise: the check itself refuses them; nothing to remember.
      return compute();
    }
    if (key.length > MAX_KEY_LENGTH) return compute();
    let entries = byDocument.get(document);
    if (!entries) byDocument.set(document, (entries = new Map()));
    if (entries.has(key)) return entries.get(key)!;
    const value = compute();
    if (!keep(value)) return value;
    if (entries.size >= MAX_ENTRIES_PER_DOCUMENT) entries.clear();
    entries.set(key, value);
    return value;
  };
}
