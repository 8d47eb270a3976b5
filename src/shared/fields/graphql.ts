import { Field, ID, Int } from 'type-graphql';
import { BooleanFilter, DateFilter, DateTimeFilter, DecimalFilter, enumFilter, IdFilter, IntFilter, StringFilter } from '../list-query/filter-inputs';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../scalars/scalars';
import { curatedFields, FieldRegistry, NamedField, namedFields } from './fields';

/**
 * A GraphQL field a registry does not declare (a composite such as `amount: Money`, a relation filter, a reference
 * by key in an input), placed among the declared ones: right `after` or `before` a named field (declared or extra),
 * or else after all of them. Extras are placed in the order given, so one may anchor on an earlier one. An extra
 * without a `type` names a declared field and moves it to its anchor (where one type lists fields in another order).
 */
export interface ExtraField {
  type?: () => unknown;
  nullable?: boolean;
  description?: string;
  after?: string;
  before?: string;
}

/** A field ready to decorate: its name, GraphQL type and options. */
export interface PlacedField {
  name: string;
  type: () => unknown;
  nullable?: boolean;
  description?: string;
}

/**
 * The fields in the order the type shows them: the declared ones in declaration order, each extra at its anchor.
 *
 * @example placeFields([{ name: 'a', ... }, { name: 'c', ... }], { b: { after: 'a', ... } }) // a, b, c
 */
export function placeFields(declared: PlacedField[], extras: Record<string, ExtraField>): PlacedField[] {
  const placed = [...declared];
  for (const [name, { after, before, type, ...options }] of Object.entries(extras)) {
    let field: PlacedField;
    if (type) field = { name, type, ...options };
    else {
      const at = placed.findIndex((f) => f.name === name);
      if (at < 0) throw new Error(`extra field "${name}" has no type and is not a declared field to move`);
      [field] = placed.splice(at, 1);
    }
    const anchor = after ?? before;
    const at = anchor === undefined ? -1 : placed.findIndex((f) => f.name === anchor);
    if (anchor !== undefined && at < 0) throw new Error(`extra field "${name}" is placed at "${anchor}", which is not a field of the type`);
    placed.splice(at < 0 ? placed.length : after !== undefined ? at + 1 : at, 0, field);
  }
  return placed;
}

/** Applies `@Field` for each field in order (type-graphql shows fields in the order they are declared). */
function decorate(target: abstract new (...args: never[]) => unknown, fields: PlacedField[]): void {
  for (const { name, type, nullable, description } of fields) {
    Field(type as never, { ...(nullable ? { nullable: true } : {}), ...(description ? { description } : {}) })(target.prototype, name);
  }
}

const SCALAR_TYPES: Record<Exclude<NamedField['type'], 'enum'>, unknown> = {
  text: String,
  int: Int,
  decimal: DecimalScalar,
  date: DateScalar,
  datetime: DateTimeScalar,
  boolean: Boolean,
  id: ID,
};

const FILTER_TYPES: Record<Exclude<NamedField['type'], 'enum'>, unknown> = {
  text: StringFilter,
  int: IntFilter,
  decimal: DecimalFilter,
  date: DateFilter,
  datetime: DateTimeFilter,
  boolean: BooleanFilter,
  id: IdFilter,
};

const ENUM_FILTERS = new Map<object, unknown>();

/**
 * Declares the `XFilter` input of an enum (`eq ne in notIn isNull`) and remembers it as the filter of every declared
 * field of that enum: `export const ModalityFilter = enumFilterInput(Modality, 'Modality')`.
 */
export function enumFilterInput<E extends object>(values: E, name: string): ReturnType<typeof enumFilter> {
  const filter = enumFilter(values, name);
  ENUM_FILTERS.set(values, filter);
  return filter;
}

function enumFilterOf(field: NamedField): unknown {
  const filter = ENUM_FILTERS.get(field.enum!.values);
  if (!filter) throw new Error(`no filter input is declared for the enum of ${field.name} (enumFilterInput in domain/graphql-enums.ts)`);
  return filter;
}

const valueType = (f: NamedField) => () => (f.type === 'enum' ? f.enum!.values : SCALAR_TYPES[f.type]);

type ClassLike = abstract new (...args: never[]) => unknown;

/** The object type's fields (`Commitment.quoteTranslation`): the declared ones the type shows, and the extras. */
export function objectFields(target: ClassLike, registry: FieldRegistry, extras: Record<string, ExtraField> = {}): void {
  const declared = namedFields(registry)
    .filter((f) => f.graphql && f.listed)
    .map((f) => ({ name: f.name, type: valueType(f), nullable: f.nullable, description: f.description }));
  decorate(target, placeFields(declared, extras));
}

/** The filter input's fields (`CommitmentFilter.quoteTranslation: StringFilter`), after the ones the class declares (`and`, `or`, `not`). */
export function filterFields(target: ClassLike, registry: FieldRegistry, extras: Record<string, ExtraField> = {}): void {
  const declared = namedFields(registry)
    .filter((f) => f.filter && f.listed)
    .map((f) => ({
      name: f.name,
      type: () => (f.type === 'enum' ? enumFilterOf(f) : FILTER_TYPES[f.type]),
      nullable: true,
      description: f.filterDescription,
    }));
  decorate(target, placeFields(declared, extras));
}

/** The create/update input's fields (`CommitmentInput.quoteTranslation`): every curated field, optional, so an update names only what changes. */
export function inputFields(target: ClassLike, registry: FieldRegistry, extras: Record<string, ExtraField> = {}): void {
  const declared = curatedFields(registry).map((f) => ({ name: f.record, type: valueType(f), nullable: true, description: f.inputDescription }));
  decorate(target, placeFields(declared, extras));
}
