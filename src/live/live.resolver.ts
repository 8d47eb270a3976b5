import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { PubSub } from 'type-graphql';
import { ChangeFilter, HistoryEntryNode } from '../shared/history/history.type';
import { RequestContext } from '../shared/context/request-context';
import { ReportRunNode } from '../reports/report.resolver';
import type { LiveHub } from './live-hub';
import { checkActorFilter } from '../shared/auth/actor-visibility';

/** The context of a subscription: a request context plus the process's live hub (ws-server.ts builds it). */
export interface LiveContext extends RequestContext {
  live: LiveHub;
}

function hubOf(context: unknown): LiveHub {
  const live = (context as Partial<LiveContext>).live;
  if (!live) throw new Error('subscriptions are served over WebSocket at /graphql');
  return live;
}

/**
 * type-graphql wants a PubSub as soon as a schema has subscriptions, even when each subscription brings its own
 * `subscribe` (as these do: their events come from the process's LiveHub, found in the context). This one is never
 * used.
 */
export const UNUSED_PUB_SUB: PubSub = {
  publish() {
    throw new Error('subscriptions here are fed by PostgreSQL notifications, not published');
  },
  subscribe() {
    throw new Error('subscriptions here are fed by PostgreSQL notifications, not published');
  },
};

@Resolver()
export class LiveResolver {
  @Subscription(() => HistoryEntryNode, {
    description:
      'Every change to the corpus from now on (created, updated, deleted or restored rows and links) that matches `filter`, ' +
      'whichever API instance or tool made it; the same entries as `changes`. Over WebSocket (graphql-transport-ws) at /graphql.',
    subscribe: ({ args, context }) => {
      checkActorFilter(context as LiveContext, args.filter);
      return hubOf(context).subscribeCorpus(args.filter);
    },
  })
  corpusChanged(
    @Root() entry: HistoryEntryNode,
    @Arg('filter', () => ChangeFilter, { nullable: true, description: 'Which changes: by entity, key, action, actor, time.' })
    _filter?: ChangeFilter | null,
  ): HistoryEntryNode {
    return entry;
  }

  @Subscription(() => ReportRunNode, {
    description:
      "A report run's current state (one asked for with your token, any with an admin token: else NOT_FOUND), then its state after every change of status (QUEUED, RUNNING, SUCCEEDED, FAILED) or attempt. " +
      'Over WebSocket (graphql-transport-ws) at /graphql.',
    subscribe: ({ args, context }) => hubOf(context).subscribeRun(args.id, (context as LiveContext).principal ?? null),
  })
  reportRunUpdated(@Root() run: ReportRunNode, @Arg('id', () => ID) _id: string): ReportRunNode {
    return run;
  }
}
