/**
 * Loads every collection spec of `domain/`, so that each has registered itself under its name
 * (shared/list-query/collection-registry.ts) before a relation looks one up. The schema's assembly imports this
 * module; so does anything that compiles queries without building the schema (a test, a script).
 */
import { unregisteredCollections } from '../shared/list-query/collection-registry';
import './actor/actor.collection';
import './agreement/agreement.collection';
import './agreement-text/agreement-text.collection';
import './commitment/commitment.collection';
import './constraint/constraint.collection';
import './cooperation-domain/cooperation-domain.collection';
import './mechanism/mechanism.collection';
import './provision/provision.collection';
import './source/source.collection';

// A collection named in COLLECTION_NAMES but never loaded would fail only when a query first reaches it: fail here.
const missing = unregisteredCollections();
if (missing.length > 0) throw new Error(`collections not registered: ${missing.join(', ')} (import their modules above)`);
