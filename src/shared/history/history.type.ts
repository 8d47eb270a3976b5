import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { JSONResolver } from 'graphql-scalars';
import { connectionType } from '../connection/connection';
import { DateTimeFilter, enumFilter, IdFilter, listArgs, StringFilter } from '../list-query/filter-inputs';
import { DateTimeScalar } from '../scalars/scalars';
import { historyCollection } from './history.collection';

/** What was changed: a curated type, or a link between two (its value is the table's name). */
export enum ChangedEntity {
  AGREEMENT = 'agreement',
  COMMITMENT = 'commitment',
  CONSTRAINT = 'agreement_constraint',
  ACTOR = 'actor',
  SOURCE = 'source',
  MECHANISM = 'mechanism',
  COOPERATION_DOMAIN = 'cooperation_domain',
  AGREEMENT_PARTY = 'agreement_party',
  AGREEMENT_SOURCE = 'agreement_source',
  COMMITMENT_DOMAIN = 'commitment_domain',
  COMMITMENT_MECHANISM = 'commitment_mechanism',
  CONSTRAINT_RESTRICTION = 'constraint_restriction',
  COMMITMENT_SOURCE = 'commitment_source',
  CONSTRAINT_SOURCE = 'constraint_source',
  AGREEMENT_TEXT = 'agreement_text',
  COMMITMENT_QUOTE_SPAN = 'commitment_quote_span',
  CONSTRAINT_QUOTE_SPAN = 'constraint_quote_span',
  PROVISION_NOTE = 'provision_note',
}
registerEnumType(ChangedEntity, { name: 'ChangedEntity', description: 'A curated type, or a link between two.' });

export enum HistoryAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
  RESTORE = 'RESTORE',
}
registerEnumType(HistoryAction, { name: 'HistoryAction', description: 'DELETE is a soft delete for curated rows, a removal for links.' });

@ObjectType({ simpleResolvers: true, description: 'One field a change touched, with its values before and after (JSON).' })
export class FieldChange {
  @Field() field!: string;
  @Field(() => JSONResolver, { nullable: true }) before!: unknown;
  @Field(() => JSONResolver, { nullable: true }) after!: unknown;
}

@ObjectType('HistoryEntry', { simpleResolvers: true, description: 'One change to one row, recorded in the same transaction as the change.' })
export class HistoryEntryNode {
  @Field(() => ID) id!: number;
  @Field(() => ChangedEntity) entity!: ChangedEntity;
  @Field({ description: 'The changed row\'s id, or for a link the ids it joins ("<commitment id>/<domain id>").' }) entityKey!: string;
  @Field(() => HistoryAction) action!: HistoryAction;
  @Field(() => DateTimeScalar, { description: 'When: the start of the transaction that made the change.' }) at!: Date;
  @Field(() => String, {
    nullable: true,
    description:
      'The name of the token the change was made with (or `seed`, `import`, `migration`): shown to analysts and admins, null for readers and anonymous clients.',
  })
  actor!: string | null;
  @Field(() => [FieldChange], { description: 'Every field of a created or removed row; only the changed fields of an update.' })
  changes!: FieldChange[];
}

export const ChangedEntityFilter = enumFilter(ChangedEntity, 'ChangedEntity');
export const HistoryActionFilter = enumFilter(HistoryAction, 'HistoryAction');

@InputType({ description: 'Filter on history entries. Fields are ANDed; combine with and/or/not.' })
export class ChangeFilter {
  @Field(() => [ChangeFilter], { nullable: true }) and?: ChangeFilter[];
  @Field(() => [ChangeFilter], { nullable: true }) or?: ChangeFilter[];
  @Field(() => ChangeFilter, { nullable: true }) not?: ChangeFilter;
  @Field(() => IdFilter, { nullable: true }) id?: object;
  @Field(() => ChangedEntityFilter, { nullable: true }) entity?: object;
  @Field(() => StringFilter, { nullable: true }) entityKey?: StringFilter;
  @Field(() => HistoryActionFilter, { nullable: true }) action?: object;
  @Field(() => StringFilter, { nullable: true, description: 'Analysts and admins only (UNAUTHENTICATED or FORBIDDEN otherwise).' })
  actor?: StringFilter;
  @Field(() => DateTimeFilter, { nullable: true }) at?: object;
}

export const HistoryEntryConnection = connectionType(HistoryEntryNode, 'HistoryEntry');
const HistoryOrder = { ID_ASC: 'ID_ASC', ID_DESC: 'ID_DESC' };
registerEnumType(HistoryOrder, { name: 'HistoryEntryOrder' });
export const ChangeListArgs = listArgs(ChangeFilter, HistoryOrder, 'Change');
export { historyCollection };
