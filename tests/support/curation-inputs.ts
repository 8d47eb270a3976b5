import { RecordKind, KINDS } from '../../src/curation/read-records';

/** The GraphQL input type of each kind's create and update mutations. */
export const INPUT_TYPES: Record<RecordKind, string> = {
  agreement: 'AgreementInput',
  commitment: 'CommitmentInput',
  constraint: 'ConstraintInput',
  actor: 'ActorInput',
  source: 'SourceInput',
  mechanism: 'MechanismInput',
  domain: 'CooperationDomainInput',
};

/** The mutation name of a kind (`createCooperationDomain`). */
export const mutationName = (action: 'create' | 'update' | 'delete' | 'restore', kind: RecordKind) => `${action}${KINDS[kind].label}`;

/**
 * A valid create input of a kind whose natural key is built from `name` (an actor code is upper-cased and cut to
 * six characters), referring only to rows of the seeded corpus.
 */
export function validInput(kind: RecordKind, name: string): Record<string, unknown> {
  switch (kind) {
    case 'source':
      return { key: name, title: 'A test source', url: `https://example.org/${name}`, kind: 'PRESS', reliability: 'MEDIUM' };
    case 'actor':
      return { code: actorCode(name), name: `Actor ${name}`, kind: 'GROUP' };
    case 'domain':
      return { slug: name, name: `Domain ${name}` };
    case 'mechanism':
      return { slug: name, name: `Mechanism ${name}`, kind: 'FORUM' };
    case 'agreement':
      return {
        slug: name,
        shortTitle: `Agreement ${name}`,
        kind: 'JOINT_DECLARATION',
        legalNature: 'POLITICAL',
        status: 'SIGNED',
        parties: [{ actor: 'UA', role: 'RECIPIENT' }],
        sources: [{ source: 'japan-analysis-2024-08-07' }],
      };
    case 'commitment':
      return {
        agreement: 'japan-ukraine-2024',
        key: `japan-ukraine-2024/${name}`,
        summary: 'A test pledge.',
        quote: 'Japan will test',
        quoteOrigin: 'ANALYST_NOTE',
        kind: 'FINANCIAL',
        modality: 'WILL',
        stage: 'PLEDGED',
        domains: ['financial-support'],
        source: 'japan-analysis-2024-08-07',
      };
    case 'constraint':
      return {
        agreement: 'japan-ukraine-2024',
        key: `japan-ukraine-2024/${name}`,
        kind: 'LEGAL',
        summary: 'A test constraint.',
        quote: 'Japan may only test',
        quoteOrigin: 'ANALYST_NOTE',
        source: 'japan-analysis-2024-08-07',
      };
  }
}

/** An actor code (`^[A-Z][A-Z0-9]{1,5}$`) from a name: stable, so two calls with one name give one code. */
export function actorCode(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `Q${hash.toString(36).toUpperCase().padStart(5, '0').slice(-5)}`;
}

/** The natural key `validInput(kind, name)` gives its row. */
export function naturalKey(kind: RecordKind, name: string): string {
  return String(validInput(kind, name)[KINDS[kind].natural]);
}
