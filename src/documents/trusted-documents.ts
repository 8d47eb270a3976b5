import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { GraphQLError } from 'graphql';
import { DocumentManifest } from './manifest';

/** The code of a refused operation in trusted-documents mode. */
export const NOT_ALLOWED_CODE = 'PERSISTED_QUERY_NOT_ALLOWED';

/** The error of an operation that is not a trusted document: HTTP 400, never cached. */
export function notAllowedError(): GraphQLError {
  return new GraphQLError(
    'This server runs trusted documents only (TRUSTED_DOCUMENTS=true), and this operation is not one of them: send a document of ' +
      'docs/trusted-documents.json (as written, or with __typename fields added), or its sha256 as extensions.persistedQuery.sha256Hash.',
    { extensions: { code: NOT_ALLOWED_CODE, http: { status: 400, headers: new HeaderMap([['cache-control', 'no-store']]) } } },
  );
}

/** APQ keys come prefixed by Apollo Server (`apq:<sha256>`). */
const APQ_PREFIX = 'apq:';

/**
 * The cache behind Apollo's automatic persisted queries (APQ): the manifest's documents are always there (a client
 * may send just the hash of a trusted document, registered or not), then the documents clients registered, in memory
 * (least recently used go first; about 30 MB at most). Apollo Server registers a document only once it passed
 * validation and every plugin's `didResolveOperation`, so in trusted-documents mode only trusted variants (the
 * manifest's documents as a client library prints them) are ever registered.
 */
export class PersistedDocumentCache implements KeyValueCache<string> {
  private readonly registered = new InMemoryLRUCache<string>();

  constructor(private readonly manifest: DocumentManifest) {}

  async get(key: string): Promise<string | undefined> {
    const hash = key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key;
    return this.manifest.get(hash) ?? (await this.registered.get(key));
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    await this.registered.set(key, value, options);
  }

  async delete(key: string): Promise<boolean | void> {
    return this.registered.delete(key);
  }
}

/**
 * In trusted-documents mode, refuses every operation whose text is not a document of the manifest (HTTP 400,
 * PERSISTED_QUERY_NOT_ALLOWED), and it never runs. A hash-only request for a manifest document gets its text from
 * {@link PersistedDocumentCache}, so it passes; an unknown hash is Apollo's PERSISTED_QUERY_NOT_FOUND.
 *
 * Apollo Server turns an error thrown before parsing into a 500, so the refusal is decided when the source is known
 * and sent at the first hook that may answer: after parsing and validation (an untrusted document that does not
 * parse or validate gets the same refusal, not its syntax or validation errors).
 */
export function trustedDocumentsPlugin(manifest: DocumentManifest): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let refused = false;
      return {
        async didResolveSource({ source }) {
          refused = !manifest.includesText(source);
        },
        async didResolveOperation() {
          if (refused) throw notAllowedError();
        },
        async willSendResponse({ response }) {
          if (!refused) return;
          const error = notAllowedError();
          response.body = { kind: 'single', singleResult: { errors: [{ message: error.message, extensions: { code: NOT_ALLOWED_CODE } }] } };
          response.http.status = 400;
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

/** The `persistedQueries` option of Apollo Server for this manifest and mode. */
export function persistedQueriesOptions(manifest: DocumentManifest): { cache: KeyValueCache<string> } {
  return { cache: new PersistedDocumentCache(manifest) };
}
