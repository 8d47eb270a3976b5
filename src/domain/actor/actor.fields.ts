import { z } from 'zod';
import { ActorKind } from '../enums';
import { enumField, recordIdentity, textField } from '../../shared/fields/fields';

/** Every column of an actor, declared once, in the order the API shows them (docs/FIELDS.md). */
export const actorFields = {
  ...recordIdentity(),
  /** ISO 3166-1 alpha-2 for states; `EU`, `G7`, `NATO` for the others (the table's check `actor_code_format` says the same). */
  code: textField({ order: true, seed: z.string().regex(/^[A-Z][A-Z0-9]{1,5}$/), entity: { unique: true } }),
  name: textField({ order: true }),
  kind: enumField(ActorKind, 'actor_kind'),
};
