import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';

/**
 * What a check of a resolved operation reads: Apollo Server's `didResolveOperation` context holds it, and so does the
 * read path's fast path (src/read-plan/fast-path.ts), which runs the same checks on a document it has seen before.
 */
export interface ResolvedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  /** The operation's name as resolved (null for an anonymous operation). */
  operationName: string | null;
  /** The request as the client sent it: its operation name and variables (not yet coerced). */
  request: { operationName?: string | null; variables?: Record<string, unknown> };
}

/** A check every operation passes before it runs (node count, filter size, input guard): the refusal, or undefined. */
export type OperationCheck = (operation: ResolvedOperation) => GraphQLError | undefined;
