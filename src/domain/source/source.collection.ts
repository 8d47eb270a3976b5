import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { historyOf } from '../../shared/history/history.collection';
import { orderSpecs } from '../../shared/list-query/order-specs';
import { idColumn, text, date, enumColumn, pagedByForeignKey } from '../../shared/list-query/spec-helpers';
import { commitmentCollection } from '../commitment/commitment.collection';
import { constraintCollection } from '../constraint/constraint.collection';
import type { SourceNode } from './source.type';

/** Sources as the list-query compiler sees them. */
export const sourceCollection: CollectionSpec<SourceNode> = {
  name: 'Source',
  table: 'source',
  columns: {
    id: 'id',
    version: 'version',
    key: 'key',
    title: 'title',
    publisher: 'publisher',
    url: 'url',
    noUrlReason: 'no_url_reason',
    publishedOn: 'published_on',
    kind: 'kind',
    reliability: 'reliability',
  },
  fields: {
    id: idColumn(),
    key: text('key'),
    title: text('title'),
    publisher: text('publisher'),
    url: text('url'),
    noUrlReason: text('no_url_reason'),
    publishedOn: date('published_on'),
    kind: enumColumn('kind', 'source_kind'),
    reliability: enumColumn('reliability', 'reliability'),
  },
  orders: orderSpecs({
    id: idColumn(),
    key: text('key'),
    title: text('title'),
    publishedOn: date('published_on'),
  }),
  defaultOrder: ['ID_ASC'],
  relations: {
    history: historyOf('source'),
  },
  connections: {
    commitments: pagedByForeignKey('Source.commitments', () => commitmentCollection, 'source_id'),
    constraints: pagedByForeignKey('Source.constraints', () => constraintCollection, 'source_id'),
  },
};
