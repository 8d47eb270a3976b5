import { ActorEntity } from '../domain/actor/actor.entity';
import { AgreementEntity, AgreementPartyEntity, AgreementSourceEntity } from '../domain/agreement/agreement.entity';
import { CommitmentDomainEntity, CommitmentEntity, CommitmentMechanismEntity, CommitmentSourceEntity } from '../domain/commitment/commitment.entity';
import { ConstraintEntity, ConstraintRestrictionEntity, ConstraintSourceEntity } from '../domain/constraint/constraint.entity';
import { CooperationDomainEntity } from '../domain/cooperation-domain/cooperation-domain.entity';
import { MechanismEntity } from '../domain/mechanism/mechanism.entity';
import { SourceEntity } from '../domain/source/source.entity';
import { AgreementTextEntity, CommitmentQuoteSpanEntity, ConstraintQuoteSpanEntity } from '../domain/agreement-text/agreement-text.entity';
import { ProvisionEntity, ProvisionNoteEntity, ProvisionShingleEntity } from '../domain/provision/provision.entity';
import { ApiTokenEntity } from '../shared/auth/api-token.entity';
import { HistoryEntity } from '../shared/history/history.entity';
import { ReportRunEntity, ReportScheduleEntity } from '../reports/report-run.entity';

/**
 * Every TypeORM entity: the tables as the code declares them, which the migration check (tests/e2e/migrations.test.ts)
 * and `npm run migration:generate` compare with the migrated database. Assembled here at the top, beside the GraphQL
 * schema, since the entities belong to `domain/`, `reports/` and `shared/`, which `db/` sits below: the data source
 * receives the list (`createDataSource({ entities: ENTITIES })`). The API, the worker and the commands read and write
 * with SQL only and open their data source without it.
 */
export const ENTITIES = [
  SourceEntity,
  ActorEntity,
  CooperationDomainEntity,
  MechanismEntity,
  AgreementEntity,
  AgreementPartyEntity,
  AgreementSourceEntity,
  CommitmentEntity,
  CommitmentDomainEntity,
  CommitmentMechanismEntity,
  CommitmentSourceEntity,
  ConstraintEntity,
  ConstraintRestrictionEntity,
  ConstraintSourceEntity,
  AgreementTextEntity,
  ProvisionEntity,
  ProvisionNoteEntity,
  ProvisionShingleEntity,
  CommitmentQuoteSpanEntity,
  ConstraintQuoteSpanEntity,
  ApiTokenEntity,
  HistoryEntity,
  ReportScheduleEntity,
  ReportRunEntity,
];
