import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { Connection } from '../../shared/connection/connection';
import { loadChildConnection, resolveRelation, ResolveInfo } from '../../shared/connection/load-list';
import { ListArgs } from '../../shared/list-query/list-query';
import { AgreementNode } from '../agreement/agreement.type';
import { SourceNode } from '../source/source.type';
import { ProvisionConnection, ProvisionListArgs, ProvisionNode } from '../provision/provision.type';
import { agreementTextCollection, commitmentSpanCollection, constraintSpanCollection } from './agreement-text.collection';
import { AgreementTextNode, TextSpanNode } from './agreement-text.type';

@Resolver(() => AgreementTextNode)
export class AgreementTextResolver {
  @FieldResolver(() => AgreementNode)
  agreement(@Root() text: AgreementTextNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<AgreementNode>(ctx, agreementTextCollection, 'agreement', text, info);
  }

  @FieldResolver(() => SourceNode, { nullable: true, description: 'The official publisher of the words.' })
  source(@Root() text: AgreementTextNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<SourceNode>(ctx, agreementTextCollection, 'source', text, info);
  }

  @FieldResolver(() => ProvisionConnection, { description: 'Its provisions in reading order (none while the words are not loaded).' })
  provisions(
    @Root() text: AgreementTextNode,
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => ProvisionListArgs) args: ListArgs,
  ): Promise<Connection<ProvisionNode>> {
    return loadChildConnection(ctx, agreementTextCollection.connections!.provisions, text, args, info);
  }
}

const spanSpec = (span: TextSpanNode) => (span.owner === 'constraint' ? constraintSpanCollection : commitmentSpanCollection);

@Resolver(() => TextSpanNode)
export class TextSpanResolver {
  @FieldResolver(() => AgreementTextNode, { description: 'The text the span is in (identified by its sha256).' })
  text(@Root() span: TextSpanNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<AgreementTextNode>(ctx, spanSpec(span), 'text', span, info);
  }

  @FieldResolver(() => ProvisionNode, {
    nullable: true,
    description: 'The innermost provision the span starts in; null while the text is not loaded.',
  })
  provision(@Root() span: TextSpanNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<ProvisionNode>(ctx, spanSpec(span), 'provision', span, info);
  }
}
