import { Arg, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { fetchRows, ResolveInfo } from '../../shared/connection/load-list';
import { inWriteTransaction } from '../../curation/mutate';
import { attachTextToAgreement } from './check-spans';
import { agreementTextCollection } from './agreement-text.collection';
import { AgreementTextNode } from './agreement-text.type';
import { sql } from '../../shared/sql/sql';

@Resolver()
export class AttachTextResolver {
  @Mutation(() => AgreementTextNode, {
    description:
      "Attaches the words of a language version of an agreement's text (analyst), with its provisions. The same words again are a no-op that returns the text as it is; other words make a new version (a new sha256), which becomes the reference when the agreement has none or when it replaces the reference's language (unless `reference` says). Words the seed declared by their sha256 fill that text, and every quote span in it must then match them.",
  })
  attachAgreementText(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Arg('agreement', () => String, { description: 'Slug of the agreement.' }) agreement: string,
    @Arg('language', () => String, { description: 'ISO 639-1 code of the language version.' }) language: string,
    @Arg('text', () => String, { description: 'The whole text as plain UTF-8 (paragraphs separated by blank lines), exactly as published.' })
    text: string,
    @Arg('source', () => String, { nullable: true, description: "Key of the official publisher's source." }) source?: string | null,
    @Arg('reference', () => Boolean, { nullable: true, description: 'Whether it becomes the reference text (default: see above).' })
    reference?: boolean | null,
  ): Promise<AgreementTextNode> {
    return inWriteTransaction(ctx, 'analyst', async (tx) => {
      const result = await attachTextToAgreement(tx.db, { agreement, language, content: text, source, reference });
      const [attached] = await fetchRows(tx.context, agreementTextCollection, (t) => sql`${t}.id = ${sql.value(result.id, 'int')}`, info);
      return attached;
    });
  }
}
