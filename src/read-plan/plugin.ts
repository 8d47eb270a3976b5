import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../shared/context/request-context';
import { failingRunner, failsAgain } from './failure';
import { fragmentsOf, ReadFastPath } from './fast-path';
import { JsonText } from './response-text';

export { JsonText, stringifyResult } from './response-text';

/**
 * The JSON path of reads (issue 17): for an HTTP query the read plan covers, one statement returns the response's
 * `data` as JSON and Apollo sends it as it is. It answers in `responseForOperation`, after every
 * `didResolveOperation` hook (node and filter limits, the input guard, metrics, trusted documents) has passed. What
 * the plan does not cover, a failed statement included, returns null: Apollo then executes the operation the current
 * way, which reports its errors. `executeOperation` without HTTP (tests, report runs) always goes the current way.
 *
 * Each answer is told to the read fast path (`fastPath`, fast-path.ts), which answers the same document again
 * without Apollo; the statement of a document and its variables is planned and compiled once for both.
 */
export function readPlanPlugin(options: { enabled: boolean; fastPath?: ReadFastPath }): ApolloServerPlugin<RequestContext> {
  const fastPath = options.fastPath ?? new ReadFastPath({ enabled: false, checks: [] });
  return {
    async requestDidStart() {
      if (!options.enabled) return {};
      return {
        async responseForOperation({ request, operation, document, schema, contextValue, logger }) {
          if (!request.http || !operation || operation.operation !== 'query') return null;
          const query = { schema, document, operation, fragments: fragmentsOf(document) };
          const statement = fastPath.statement(query, request.operationName, request.variables);
          if (!statement) return null;
          let rows: { data: string }[];
          try {
            rows = await contextValue.sql<{ data: string }>(statement.text, statement.values, statement.planWithValues);
          } catch (error) {
            logger.debug?.(`read plan statement failed, the current path answers: ${(error as Error).message}`);
            // The resolvers report it; one that would only repeat, they report at once rather than meet it again.
            if (failsAgain(error)) contextValue.sql = failingRunner(error);
            return null;
          }
          // No row: a condition of the plan failed (an unknown slug of compareAgreements); the resolvers report it.
          if (rows.length !== 1) return null;
          fastPath.noteAnswered(request.http, query);
          // Apollo types `data` as an object; JsonText stands for one until stringifyResult writes it.
          const data = new JsonText(rows[0].data) as unknown as Record<string, unknown>;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } };
        },
      };
    },
  };
}
