import { Field, Float, Int, ObjectType } from 'type-graphql';
import { AgreementNode } from '../agreement/agreement.type';
import { ProvisionNode } from '../provision/provision.type';

/** How a score is defined, said once for every field that carries one. */
export const SCORE_MEANING =
  'The share of this provision’s shingles found in the other: |A ∩ B| / |A|, from 0 (no run of five words in common) to 1 ' +
  '(every run of five consecutive words of this provision is in the other). Words are compared after NFC normalisation, ' +
  'lower-casing and folding every run of punctuation and spacing into one separator; a shingle is a 32-bit hash of five ' +
  'consecutive words. Provisions of fewer than five words, and containers (whose words are their leaves’), have no shingles.';

@ObjectType({ simpleResolvers: true, description: 'A provision of another agreement that reuses words of this one.' })
export class ProvisionSimilarity {
  @Field(() => ProvisionNode) provision!: ProvisionNode;
  @Field(() => Float, { description: SCORE_MEANING }) score!: number;
  @Field(() => Int, { description: 'How many shingles the two share.' }) sharedShingles!: number;
}

@ObjectType({
  simpleResolvers: true,
  description: 'One leaf provision of the agreement asked about, with its closest match in an earlier agreement.',
})
export class ProvisionReuse {
  @Field(() => ProvisionNode) provision!: ProvisionNode;
  @Field(() => ProvisionNode, {
    nullable: true,
    description: 'The leaf provision of an earlier agreement holding the largest share of its shingles; null when that share is below `minScore`.',
  })
  match!: ProvisionNode | null;
  @Field(() => Float, { description: `The closest earlier provision’s score, even below \`minScore\` (0 with none). ${SCORE_MEANING}` })
  score!: number;
  @Field(() => Float, {
    description:
      'The share of its shingles found in any provision of the earlier agreements (one or several): how much of its wording was there before, whatever `minScore`.',
  })
  reusedShare!: number;
  @Field(() => Int, { description: 'Its length in characters.' }) chars!: number;
  @Field(() => Int, { description: 'How many distinct shingles it has (0: fewer than five words).' }) shingles!: number;
}

@ObjectType({ simpleResolvers: true, description: 'An earlier agreement the text borrowed from, and how much.' })
export class ReuseSource {
  @Field(() => AgreementNode) agreement!: AgreementNode;
  @Field(() => Int, { description: 'How many provisions have their closest match (at least `minScore`) in it.' }) provisions!: number;
  @Field(() => Float, {
    description:
      'The share of the text reused from it, by characters: the characters of those provisions, each weighted by its score, over those of all leaf provisions.',
  })
  share!: number;
  @Field(() => Int, { description: 'The characters of those provisions, unweighted.' }) chars!: number;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'Text reuse in one agreement: each leaf provision of its reference text against the reference texts of the agreements signed strictly ' +
    'before it (by `signedOn`: agreements signed the same day do not borrow from each other; an agreement without a date has none earlier and is ' +
    'earlier than none).',
})
export class TextReuse {
  @Field(() => AgreementNode) agreement!: AgreementNode;
  @Field(() => Float, { description: 'The threshold applied.' }) minScore!: number;
  @Field(() => [ProvisionReuse], { description: 'Every leaf provision of its reference text, in reading order (empty when no text is loaded).' })
  provisions!: ProvisionReuse[];
  @Field(() => [ReuseSource], { description: 'The earlier agreements it borrowed from, most borrowed first.' })
  from!: ReuseSource[];
  @Field(() => Float, { description: 'The share of the text reused, by characters: the sum of `from.share`.' }) share!: number;
  @Field(() => Int, { description: 'The characters of all its leaf provisions: the denominator of the shares.' }) chars!: number;
}
