import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { orderSpecs } from '../../shared/list-query/order-specs';
import { SourceNode } from './source.type';

/** Sources as the list-query compiler sees them. */
export const sourceCollection: CollectionSpec<SourceNode> = {
  name: 'Source',
  table: 'source',
  select: (t) => `${t}.id, ${t}.key, ${t}.title, ${t}.publisher, ${t}.url, ${t}.published_on AS "publishedOn", ${t}.kind, ${t}.reliability`,
  fields: {
    id: { kind: 'scalar', column: 'id', type: 'id', pgType: 'int' },
    key: { kind: 'scalar', column: 'key', type: 'string', pgType: 'text' },
    title: { kind: 'scalar', column: 'title', type: 'string', pgType: 'text' },
    publisher: { kind: 'scalar', column: 'publisher', type: 'string', pgType: 'text' },
    url: { kind: 'scalar', column: 'url', type: 'string', pgType: 'text' },
    publishedOn: { kind: 'scalar', column: 'published_on', type: 'date', pgType: 'date' },
    kind: { kind: 'scalar', column: 'kind', type: 'enum', pgType: 'source_kind' },
    reliability: { kind: 'scalar', column: 'reliability', type: 'enum', pgType: 'reliability' },
  },
  orders: orderSpecs({
    id: ['id', 'id', 'int'],
    key: ['key', 'string', 'text'],
    title: ['title', 'string', 'text'],
    publishedOn: ['published_on', 'date', 'date'],
  }),
  defaultOrder: ['ID_ASC'],
};
