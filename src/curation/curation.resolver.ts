import { Arg, ClassType, Ctx, ID, Info, Int, Mutation, Resolver } from 'type-graphql';
import { fetchRows, ResolveInfo } from '../shared/connection/load-list';
import { parseId } from '../shared/connection/ids';
import { RequestContext } from '../shared/context/request-context';
import { CollectionSpec } from '../shared/list-query/collection-spec';
import { sql } from '../shared/sql/sql';
import { createRecord, deleteRecord, inWriteTransaction, restoreRecord, updateRecord, WriteTransaction } from './mutate';
import { KINDS, RecordKind } from './read-records';

/** Reads back, on the write's own transaction, the row a mutation wrote, with what the client selected on it. */
async function readBack<T>(tx: WriteTransaction, collection: CollectionSpec<T>, id: number, info: ResolveInfo): Promise<T> {
  const [row] = await fetchRows(tx.context, collection, (t) => sql`${t}.id = ${sql.value(id, 'int')}`, info);
  return row;
}

/**
 * The four mutations of a curated kind: `create<Type>(input)`, `update<Type>(id, input, expectedVersion)`,
 * `delete<Type>(id)` (soft) and `restore<Type>(id)`. Each runs in one transaction, needs an `analyst` token, and
 * returns the row as it now is (a deleted row as it was when deleted).
 */
export function curationResolver(kind: RecordKind, node: ClassType, input: ClassType, collection: CollectionSpec<any>): ClassType {
  const type = KINDS[kind].label;
  @Resolver()
  class CurationResolver {
    @Mutation(() => node, {
      name: `create${type}`,
      description: `Creates a ${type} (analyst). A deleted one with the same natural key is a CONFLICT: restore it.`,
    })
    create(@Ctx() ctx: RequestContext, @Info() info: ResolveInfo, @Arg('input', () => input) values: object) {
      return inWriteTransaction(ctx, 'analyst', async (tx) => readBack(tx, collection, await createRecord(tx, kind, values), info));
    }

    @Mutation(() => node, {
      name: `update${type}`,
      description: `Changes the fields the input names (analyst), if the ${type} is still at \`expectedVersion\`; else CONFLICT with the current version.`,
    })
    update(
      @Ctx() ctx: RequestContext,
      @Info() info: ResolveInfo,
      @Arg('id', () => ID) id: string,
      @Arg('input', () => input) values: object,
      @Arg('expectedVersion', () => Int) expectedVersion: number,
    ) {
      return inWriteTransaction(ctx, 'analyst', async (tx) =>
        readBack(tx, collection, await updateRecord(tx, kind, parseId(id), values, expectedVersion), info),
      );
    }

    @Mutation(() => node, {
      name: `delete${type}`,
      description: `Soft-deletes a ${type} (analyst): gone from reads, kept in the history with its links, restorable. CONFLICT, naming them, while live rows refer to it.`,
    })
    async remove(@Ctx() ctx: RequestContext, @Info() info: ResolveInfo, @Arg('id', () => ID) id: string) {
      return inWriteTransaction(ctx, 'analyst', async (tx) => {
        const rowId = parseId(id);
        const before = await readBack(tx, collection, rowId, info);
        await deleteRecord(tx, kind, rowId);
        return before;
      });
    }

    @Mutation(() => node, {
      name: `restore${type}`,
      description: `Brings back a deleted ${type} (analyst) with every link it had. CONFLICT, naming them, while it refers to rows still deleted.`,
    })
    restore(@Ctx() ctx: RequestContext, @Info() info: ResolveInfo, @Arg('id', () => ID) id: string) {
      return inWriteTransaction(ctx, 'analyst', async (tx) => readBack(tx, collection, await restoreRecord(tx, kind, parseId(id)), info));
    }
  }
  Object.defineProperty(CurationResolver, 'name', { value: `${type}CurationResolver` });
  return CurationResolver;
}
