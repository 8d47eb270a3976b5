import type { ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { AppConfig } from '../config/config';
import type { RequestContext } from '../shared/context/request-context';
import { subscriptionsOverHttpPlugin } from '../live/ws-server';
import { httpCachePlugin } from './http-cache';
import { DocumentManifest } from './manifest';
import { persistedQueriesOptions, trustedDocumentsPlugin } from './trusted-documents';

/** What app.ts adds to Apollo Server for persisted and trusted documents, HTTP caching and live updates. */
export interface ClientContract {
  /** The manifest of trusted documents (empty when its file is absent and the mode is off). */
  manifest: DocumentManifest;
  /** Automatic persisted queries, with the manifest's documents always known by their hash. */
  persistedQueries: { cache: KeyValueCache<string> };
  /** Cache-Control on every answer; subscriptions refused over HTTP; in trusted mode, the trusted-documents check. */
  plugins: ApolloServerPlugin<RequestContext>[];
  /** For the WebSocket endpoint: the documents it may run (trusted mode only). */
  trustedDocuments?: DocumentManifest;
}

/**
 * The client contract of issue 11, part 2, from the settings: APQ (Apollo Server's, in memory) seeded with the
 * manifest, `Cache-Control` for GET reads, and TRUSTED_DOCUMENTS mode. Fails at start when the mode is on and the
 * manifest is missing or has an entry whose hash is wrong.
 */
export function clientContract(config: AppConfig): ClientContract {
  const { trustedDocuments: trusted, documentsManifest, cacheMaxAgeSeconds } = config.clientContract;
  const manifest = DocumentManifest.load(documentsManifest, trusted);
  return {
    manifest,
    persistedQueries: persistedQueriesOptions(manifest),
    plugins: [
      httpCachePlugin(cacheMaxAgeSeconds),
      subscriptionsOverHttpPlugin() as ApolloServerPlugin<RequestContext>,
      ...(trusted ? [trustedDocumentsPlugin(manifest) as ApolloServerPlugin<RequestContext>] : []),
    ],
    trustedDocuments: trusted ? manifest : undefined,
  };
}
