import { ArgsType, ClassType, Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../scalars/scalars';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination';

// The scalar filters of the filter language. Which operators a type offers is decided here; the compiler
// enforces the same rules for callers that bypass GraphQL validation.

@InputType({
  description: 'Operators on a text field. `contains` is case-insensitive; `startsWith` is case-sensitive; `%` and `_` match themselves.',
})
export class StringFilter {
  @Field(() => String, { nullable: true }) eq?: string;
  @Field(() => String, { nullable: true }) ne?: string;
  @Field(() => [String], { nullable: true }) in?: string[];
  @Field(() => [String], { nullable: true }) notIn?: string[];
  @Field(() => String, { nullable: true }) lt?: string;
  @Field(() => String, { nullable: true }) lte?: string;
  @Field(() => String, { nullable: true }) gt?: string;
  @Field(() => String, { nullable: true }) gte?: string;
  @Field(() => String, { nullable: true }) contains?: string;
  @Field(() => String, { nullable: true }) startsWith?: string;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean;
}

function orderedFilter<T>(scalar: unknown, name: string, description: string): ClassType {
  @InputType(name, { description })
  class OrderedFilter {
    @Field(() => scalar as any, { nullable: true }) eq?: T;
    @Field(() => scalar as any, { nullable: true }) ne?: T;
    @Field(() => [scalar as any], { nullable: true }) in?: T[];
    @Field(() => [scalar as any], { nullable: true }) notIn?: T[];
    @Field(() => scalar as any, { nullable: true }) lt?: T;
    @Field(() => scalar as any, { nullable: true }) lte?: T;
    @Field(() => scalar as any, { nullable: true }) gt?: T;
    @Field(() => scalar as any, { nullable: true }) gte?: T;
    @Field(() => Boolean, { nullable: true }) isNull?: boolean;
  }
  return OrderedFilter;
}

export const IntFilter = orderedFilter<number>(Int, 'IntFilter', 'Operators on an integer field.');
export const DecimalFilter = orderedFilter<string>(DecimalScalar, 'DecimalFilter', 'Operators on an exact decimal field (values as strings).');
export const DateFilter = orderedFilter<string>(DateScalar, 'DateFilter', 'Operators on a date field (YYYY-MM-DD).');
export const IdFilter = orderedFilter<string>(ID, 'IDFilter', 'Operators on an id.');
export const DateTimeFilter = orderedFilter<Date>(DateTimeScalar, 'DateTimeFilter', 'Operators on a moment (RFC 3339 date-time).');

@InputType({ description: 'Operators on a true/false field.' })
export class BooleanFilter {
  @Field(() => Boolean, { nullable: true }) eq?: boolean;
  @Field(() => Boolean, { nullable: true }) ne?: boolean;
  @Field(() => Boolean, { nullable: true }) isNull?: boolean;
}

/** Declares the `XFilter` input of an enum: `eq ne in notIn isNull`. */
export function enumFilter<E extends object>(enumType: E, enumName: string): ClassType {
  @InputType(`${enumName}Filter`, { description: `Operators on a ${enumName} field.` })
  class EnumFilter {
    @Field(() => enumType, { nullable: true }) eq?: E[keyof E];
    @Field(() => enumType, { nullable: true }) ne?: E[keyof E];
    @Field(() => [enumType], { nullable: true }) in?: E[keyof E][];
    @Field(() => [enumType], { nullable: true }) notIn?: E[keyof E][];
    @Field(() => Boolean, { nullable: true }) isNull?: boolean;
  }
  return EnumFilter;
}

/** Declares the arguments of a list: `filter`, `orderBy`, `first/after/last/before`. */
export function listArgs(filter: ClassType, order: object, name: string): ClassType {
  @ArgsType()
  class ListArgsType {
    @Field(() => filter, { nullable: true })
    filter?: unknown;

    @Field(() => [order], { nullable: true, description: 'Sort keys in priority order; ties always break on id.' })
    orderBy?: string[];

    @Field(() => Int, { nullable: true, description: `Page size from the start (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` })
    first?: number;

    @Field(() => String, { nullable: true })
    after?: string;

    @Field(() => Int, { nullable: true, description: `Page size from the end (at most ${MAX_PAGE_SIZE}).` })
    last?: number;

    @Field(() => String, { nullable: true })
    before?: string;
  }
  Object.defineProperty(ListArgsType, 'name', { value: `${name}ListArgs` });
  return ListArgsType;
}
