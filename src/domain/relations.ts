import { Relation } from '../shared/connection/load-list';
import { inSubtree } from '../shared/list-query/spec-helpers';

/** The one-to-many and many-to-many relations that nested connections page through. */
export const relations = {
  agreementCommitments: { name: 'Agreement.commitments', condition: (t, parent) => `${t}.agreement_id = ${parent}` },
  agreementConstraints: { name: 'Agreement.constraints', condition: (t, parent) => `${t}.agreement_id = ${parent}` },
  sourceCommitments: { name: 'Source.commitments', condition: (t, parent) => `${t}.source_id = ${parent}` },
  sourceConstraints: { name: 'Source.constraints', condition: (t, parent) => `${t}.source_id = ${parent}` },
  actorAgreements: {
    name: 'Actor.agreements',
    condition: (t, parent) => `EXISTS (SELECT 1 FROM agreement_party p WHERE p.agreement_id = ${t}.id AND p.actor_id = ${parent})`,
  },
  actorCommitments: { name: 'Actor.commitments', condition: (t, parent) => `${t}.provider_id = ${parent}` },
  mechanismCommitments: {
    name: 'Mechanism.commitments',
    condition: (t, parent) => `EXISTS (SELECT 1 FROM commitment_mechanism m WHERE m.commitment_id = ${t}.id AND m.mechanism_id = ${parent})`,
  },
  domainCommitments: {
    name: 'CooperationDomain.commitments',
    condition: (t, parent) =>
      `EXISTS (SELECT 1 FROM commitment_domain cd WHERE cd.commitment_id = ${t}.id AND ${inSubtree('cd.domain_id', 'cooperation_domain', `id = ${parent}`)})`,
  },
  frameworkAgreements: { name: 'Agreement.basedOnIt', condition: (t, parent) => `${t}.framework_id = ${parent}` },
} satisfies Record<string, Relation>;
