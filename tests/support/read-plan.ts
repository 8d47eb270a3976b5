import { getVariableValues, GraphQLSchema, Kind, OperationDefinitionNode, parse } from 'graphql';
import { fragmentsOf } from '../../src/read-plan/fast-path';
import { compileReadPlan } from '../../src/read-plan/json';
import { planRead } from '../../src/read-plan/plan';

/** The read plan of a query document with its variables, as the plugin makes it (variables coerced by the schema). */
export function planOf(schema: GraphQLSchema, query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = fragmentsOf(document);
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw coerced.errors[0];
  return planRead({ schema, operation, fragments, variables: coerced.coerced });
}

/** The one statement of a query the plan covers; throws with the reason when it does not. */
export function compiledOf(schema: GraphQLSchema, query: string, variables?: Record<string, unknown>) {
  const planned = planOf(schema, query, variables);
  if ('notCovered' in planned) throw new Error(planned.notCovered);
  return compileReadPlan(planned.plan);
}

/** The placeholders of a statement: every one must have its value, and every value its placeholder. */
export const placeholders = (text: string) => new Set([...text.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
