/**
 * The domain's enumerations, shared by the entities (as PostgreSQL enum types), the GraphQL schema and the seed
 * validator, so a value has one spelling everywhere.
 */
export enum ActorKind {
  STATE = 'STATE',
  INTERNATIONAL_ORGANISATION = 'INTERNATIONAL_ORGANISATION',
  GROUP = 'GROUP',
}

export enum AgreementKind {
  BILATERAL_SECURITY_AGREEMENT = 'BILATERAL_SECURITY_AGREEMENT',
  JOINT_DECLARATION = 'JOINT_DECLARATION',
  MULTILATERAL_COMPACT = 'MULTILATERAL_COMPACT',
  JOINT_SECURITY_COMMITMENTS = 'JOINT_SECURITY_COMMITMENTS',
}

export enum LegalNature {
  LEGALLY_BINDING = 'LEGALLY_BINDING',
  POLITICAL = 'POLITICAL',
  NOT_STATED = 'NOT_STATED',
}

export enum AgreementStatus {
  SIGNED = 'SIGNED',
  IN_FORCE = 'IN_FORCE',
  PENDING_RATIFICATION = 'PENDING_RATIFICATION',
}

export enum PartyRole {
  SUPPORTING_PARTY = 'SUPPORTING_PARTY',
  RECIPIENT = 'RECIPIENT',
  SIGNATORY = 'SIGNATORY',
}

export enum CommitmentKind {
  FINANCIAL = 'FINANCIAL',
  MILITARY_ASSISTANCE = 'MILITARY_ASSISTANCE',
  EQUIPMENT = 'EQUIPMENT',
  TRAINING = 'TRAINING',
  CONSULTATION = 'CONSULTATION',
  INTELLIGENCE = 'INTELLIGENCE',
  INFORMATION_SHARING = 'INFORMATION_SHARING',
  POLITICAL = 'POLITICAL',
  INDUSTRIAL = 'INDUSTRIAL',
  RECONSTRUCTION = 'RECONSTRUCTION',
  HUMANITARIAN = 'HUMANITARIAN',
  TECHNICAL_ASSISTANCE = 'TECHNICAL_ASSISTANCE',
  LEGAL = 'LEGAL',
}

/** How firmly a commitment is worded, strongest first. */
export enum Modality {
  WILL = 'WILL',
  INTEND_TO = 'INTEND_TO',
  SEEK_TO = 'SEEK_TO',
  CONSIDER = 'CONSIDER',
  MAY = 'MAY',
  NOT_STATED = 'NOT_STATED',
}

export enum CommitmentStage {
  PLEDGED = 'PLEDGED',
  ALLOCATED = 'ALLOCATED',
  DELIVERED = 'DELIVERED',
}

export enum ConstraintKind {
  CONSTITUTIONAL = 'CONSTITUTIONAL',
  LEGAL = 'LEGAL',
  EXPORT_CONTROL = 'EXPORT_CONTROL',
  BUDGET_APPROVAL = 'BUDGET_APPROVAL',
  PARLIAMENTARY_APPROVAL = 'PARLIAMENTARY_APPROVAL',
  NON_BINDING = 'NON_BINDING',
  THIRD_PARTY_APPROVAL = 'THIRD_PARTY_APPROVAL',
  CONDITION = 'CONDITION',
  SCOPE_LIMIT = 'SCOPE_LIMIT',
}

export enum SourceKind {
  OFFICIAL_TEXT = 'OFFICIAL_TEXT',
  GOVERNMENT_RELEASE = 'GOVERNMENT_RELEASE',
  ANALYSIS = 'ANALYSIS',
  PRESS = 'PRESS',
  COMPILATION = 'COMPILATION',
  /** A re-host of a text whose publisher is someone else (a news site reprinting an agreement). */
  SECONDARY_COPY = 'SECONDARY_COPY',
}

export enum Reliability {
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
}

export enum MechanismKind {
  FORUM = 'FORUM',
  COALITION = 'COALITION',
  FUND = 'FUND',
  PLATFORM = 'PLATFORM',
  PROGRAMME = 'PROGRAMME',
}

/** How an amount is bounded in the source's words ("at least", "up to", "about"). */
export enum AmountBound {
  EXACT = 'EXACT',
  AT_LEAST = 'AT_LEAST',
  UP_TO = 'UP_TO',
  ABOUT = 'ABOUT',
}

/** Whether an amount is for the whole period or for each year of it. */
export enum AmountBasis {
  TOTAL = 'TOTAL',
  PER_YEAR = 'PER_YEAR',
}

/** Where a quote's words come from, most authoritative first. */
export enum QuoteOrigin {
  AGREEMENT_TEXT = 'AGREEMENT_TEXT',
  OFFICIAL_STATEMENT = 'OFFICIAL_STATEMENT',
  PRESS_REPORT = 'PRESS_REPORT',
  ANALYST_NOTE = 'ANALYST_NOTE',
}

/** Why a provision of an agreement's text commits no one to anything (its `operative` is false). */
export enum NonOperativeReason {
  /** A preambular paragraph ("Recognising ...", "Recalling ..."). */
  RECITAL = 'RECITAL',
  /** A definition of terms. */
  DEFINITION = 'DEFINITION',
  /** Entry into force, duration, amendment, termination, signature, languages. */
  FINAL_CLAUSE = 'FINAL_CLAUSE',
  /** A record of aid already given. */
  PAST_AID = 'PAST_AID',
  /** A statement of fact or of position that pledges nothing. */
  STATEMENT = 'STATEMENT',
  /** A heading or title with no words of its own. */
  HEADING = 'HEADING',
}
