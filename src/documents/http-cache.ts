import type { ApolloServerPlugin } from '@apollo/server';
import { FragmentDefinitionNode, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import type { RequestContext } from '../shared/context/request-context';

/**
 * The root query fields whose answers are public data: the corpus, its analysis, search and history. Anything else
 * (report runs and schedules, tokens) is not, and neither is a field added later until it is listed here.
 */
export const PUBLIC_QUERY_FIELDS: ReadonlySet<string> = new Set([
  '__typename',
  '__schema',
  '__type',
  'agreement',
  'agreements',
  'commitment',
  'commitments',
  'constraint',
  'constraints',
  'actor',
  'actors',
  'source',
  'sources',
  'mechanism',
  'mechanisms',
  'domain',
  'domains',
  'search',
  'compareAgreements',
  'domainCoverage',
  'commitmentStats',
  'similarAgreements',
  'timeline',
  'changes',
]);

/** The root fields an operation selects, through fragments and inline fragments. */
export function rootFields(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): Set<string> {
  const fields = new Set<string>();
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return fields;
}

/**
 * `Cache-Control` on every GraphQL answer that reaches execution:
 *
 * - `public, max-age=<maxAgeSeconds>`: a GET query (`GET /graphql?query=...`, or an APQ hash) without a token,
 *   answered without errors, that reads only public data ({@link PUBLIC_QUERY_FIELDS}): a CDN or browser may keep it;
 * - `private, no-store` when the request carried a token (its answer is for that token's holder only);
 * - `no-store` otherwise (POST, mutations, errors, non-public fields, or `maxAgeSeconds` 0).
 *
 * Apollo's own cache-control plugin is off (it wraps every resolver); data here has no per-field hints to merge.
 */
export function httpCachePlugin(maxAgeSeconds: number): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response, operation, document, contextValue }) {
          let policy = 'no-store';
          if (contextValue?.principal) policy = 'private, no-store';
          else if (
            maxAgeSeconds > 0 &&
            request.http?.method === 'GET' &&
            operation?.operation === 'query' &&
            document &&
            response.body.kind === 'single' &&
            !response.body.singleResult.errors?.length
          ) {
            const fragments = new Map(
              document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
            );
            if ([...rootFields(operation, fragments)].every((field) => PUBLIC_QUERY_FIELDS.has(field))) policy = `public, max-age=${maxAgeSeconds}`;
          }
          response.http.headers.set('cache-control', policy);
        },
      };
    },
  };
}
