import { DataSource, EntityManager } from 'typeorm';
import { flattenDomains } from './read-corpus';
import { SeedCorpus } from './seed-schema';

type IdMap = Map<string, number>;

/**
 * Upserts rows given as JSON objects in one statement and returns natural key -> id.
 * `columns` maps JSON field -> [column, SQL type]; `conflict` is the natural-key column.
 */
async function upsert(
  manager: EntityManager,
  table: string,
  conflict: string,
  columns: Record<string, [string, string]>,
  rows: object[],
): Promise<IdMap> {
  if (rows.length === 0) return new Map();
  const fields = Object.keys(columns);
  const recordset = fields.map((f) => `"${f}" ${columns[f][1]}`).join(', ');
  const targets = fields.map((f) => `"${columns[f][0]}"`).join(', ');
  const updates = fields.filter((f) => columns[f][0] !== conflict).map((f) => `"${columns[f][0]}" = EXCLUDED."${columns[f][0]}"`);
  const result: { id: number; natural: string }[] = await manager.query(
    `INSERT INTO "${table}" (${targets})
     SELECT ${fields.map((f) => `x."${f}"`).join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${recordset})
     ON CONFLICT ("${conflict}") DO UPDATE SET ${updates.join(', ')}
     RETURNING id, "${conflict}" AS natural`,
    [JSON.stringify(rows)],
  );
  return new Map(result.map((r) => [r.natural, r.id]));
}

/**
 * Makes the rows of a link table that belong to `owners` equal to `rows`: removes the links no longer wanted, adds
 * the new ones and updates the values of the others (columns after the first `keyCount`). Links that stay as they
 * are are not touched, so the history records only real changes.
 */
export async function replaceLinks(
  manager: Pick<EntityManager, 'query'>,
  table: string,
  ownerColumn: string,
  owners: number[],
  columns: [string, string][],
  rows: object[],
  keyCount = columns.length,
): Promise<void> {
  const names = columns.map(([c]) => `"${c}"`).join(', ');
  const keys = columns.slice(0, keyCount).map(([c]) => `"${c}"`);
  const values = columns.slice(keyCount).map(([c]) => `"${c}"`);
  const incoming = `jsonb_to_recordset($2::jsonb) AS x(${columns.map(([c, t]) => `"${c}" ${t}`).join(', ')})`;
  const json = JSON.stringify(rows);
  await manager.query(
    `DELETE FROM "${table}" WHERE "${ownerColumn}" = ANY($1::int[]) AND (${keys.join(', ')}) NOT IN (SELECT ${keys.join(', ')} FROM ${incoming})`,
    [owners, json],
  );
  if (rows.length === 0) return;
  const onConflict = values.length > 0 ? `DO UPDATE SET ${values.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}` : 'DO NOTHING';
  await manager.query(
    `INSERT INTO "${table}" (${names}) SELECT ${names} FROM ${incoming.replace('$2', '$1')} ON CONFLICT (${keys.join(', ')}) ${onConflict}`,
    [json],
  );
}

function orderParentsFirst<T extends { slug: string; parent?: string | null }>(items: T[]): T[] {
  const bySlug = new Map(items.map((item) => [item.slug, item]));
  const ordered: T[] = [];
  const placed = new Set<string>();
  const place = (item: T, trail: Set<string>) => {
    if (placed.has(item.slug)) return;
    if (trail.has(item.slug)) throw new Error(`cycle in parents at "${item.slug}"`);
    const parent = item.parent ? bySlug.get(item.parent) : undefined;
    if (parent) place(parent, new Set([...trail, item.slug]));
    placed.add(item.slug);
    ordered.push(item);
  };
  items.forEach((item) => place(item, new Set()));
  return ordered;
}

/** What a load wrote, for logs and tests. */
export interface LoadSummary {
  agreements: number;
  commitments: number;
  constraints: number;
}

/**
 * Writes the corpus in one transaction. Idempotent: rows are upserted on their natural keys (slug, code, key), the
 * children of every seeded agreement are replaced, so loading twice yields the same database (ids included).
 */
export async function loadCorpus(dataSource: DataSource, corpus: SeedCorpus): Promise<LoadSummary> {
  return dataSource.transaction(async (manager) => {
    // The history triggers record who changed what: a load is the seed's doing.
    await manager.query(`SELECT set_config('app.actor', 'seed', true)`);
    const sourceIds = await upsert(
      manager,
      'source',
      'key',
      {
        key: ['key', 'text'],
        title: ['title', 'text'],
        publisher: ['publisher', 'text'],
        url: ['url', 'text'],
        noUrlReason: ['no_url_reason', 'text'],
        publishedOn: ['published_on', 'date'],
        kind: ['kind', 'source_kind'],
        reliability: ['reliability', 'reliability'],
      },
      corpus.sources,
    );
    const actorIds = await upsert(
      manager,
      'actor',
      'code',
      {
        code: ['code', 'text'],
        name: ['name', 'text'],
        kind: ['kind', 'actor_kind'],
      },
      corpus.actors,
    );

    const domainIds: IdMap = new Map();
    for (const domain of flattenDomains(corpus.domains)) {
      const ids = await upsert(
        manager,
        'cooperation_domain',
        'slug',
        {
          slug: ['slug', 'text'],
          name: ['name', 'text'],
          description: ['description', 'text'],
          parentId: ['parent_id', 'integer'],
          mappings: ['mappings', 'jsonb'],
        },
        [{ ...domain, parentId: domain.parent ? domainIds.get(domain.parent) : null }],
      );
      domainIds.set(domain.slug, ids.get(domain.slug)!);
    }
    const mechanismIds: IdMap = new Map();
    for (const mechanism of orderParentsFirst(corpus.mechanisms)) {
      const ids = await upsert(
        manager,
        'mechanism',
        'slug',
        {
          slug: ['slug', 'text'],
          name: ['name', 'text'],
          kind: ['kind', 'mechanism_kind'],
          description: ['description', 'text'],
          parentId: ['parent_id', 'integer'],
        },
        [{ ...mechanism, parentId: mechanism.parent ? mechanismIds.get(mechanism.parent) : null }],
      );
      mechanismIds.set(mechanism.slug, ids.get(mechanism.slug)!);
    }

    const agreementIds = await upsert(
      manager,
      'agreement',
      'slug',
      {
        slug: ['slug', 'text'],
        title: ['title', 'text'],
        shortTitle: ['short_title', 'text'],
        kind: ['kind', 'agreement_kind'],
        legalNature: ['legal_nature', 'legal_nature'],
        status: ['status', 'agreement_status'],
        signedOn: ['signed_on', 'date'],
        signedPlace: ['signed_place', 'text'],
        entryIntoForce: ['entry_into_force', 'date'],
        durationYears: ['duration_years', 'integer'],
        expiresOn: ['stated_expires_on', 'date'],
        terminationNoticeMonths: ['termination_notice_months', 'integer'],
        summary: ['summary', 'text'],
      },
      corpus.agreements,
    );
    await manager.query(
      `UPDATE agreement a SET framework_id = f.id
       FROM jsonb_to_recordset($1::jsonb) AS x(slug text, framework text) LEFT JOIN agreement f ON f.slug = x.framework
       WHERE a.slug = x.slug`,
      [JSON.stringify(corpus.agreements.map((a) => ({ slug: a.slug, framework: a.framework ?? null })))],
    );
    const seeded = corpus.agreements.map((a) => agreementIds.get(a.slug)!);
    await replaceLinks(
      manager,
      'agreement_party',
      'agreement_id',
      seeded,
      [
        ['agreement_id', 'integer'],
        ['actor_id', 'integer'],
        ['role', 'party_role'],
      ],
      corpus.agreements.flatMap((a) =>
        a.parties.map((p) => ({ agreement_id: agreementIds.get(a.slug), actor_id: actorIds.get(p.actor), role: p.role })),
      ),
    );
    await replaceLinks(
      manager,
      'agreement_source',
      'agreement_id',
      seeded,
      [
        ['agreement_id', 'integer'],
        ['source_id', 'integer'],
        ['supports', 'text'],
      ],
      corpus.agreements.flatMap((a) =>
        a.sources.map((s) => ({ agreement_id: agreementIds.get(a.slug), source_id: sourceIds.get(s.source), supports: s.supports ?? null })),
      ),
      2,
    );

    const commitments = corpus.agreements.flatMap((a) => a.commitments.map((c) => ({ agreement: a.slug, ...c })));
    const constraints = corpus.agreements.flatMap((a) => a.constraints.map((c) => ({ agreement: a.slug, ...c })));
    // Children dropped from a seed file are dropped from the database too.
    await manager.query(`DELETE FROM commitment WHERE agreement_id = ANY($1::int[]) AND NOT (key = ANY($2::text[]))`, [
      seeded,
      commitments.map((c) => c.key),
    ]);
    await manager.query(`DELETE FROM agreement_constraint WHERE agreement_id = ANY($1::int[]) AND NOT (key = ANY($2::text[]))`, [
      seeded,
      constraints.map((c) => c.key),
    ]);

    const commitmentIds = await upsert(
      manager,
      'commitment',
      'key',
      {
        key: ['key', 'text'],
        agreementId: ['agreement_id', 'integer'],
        providerId: ['provider_id', 'integer'],
        beneficiaryId: ['beneficiary_id', 'integer'],
        summary: ['summary', 'text'],
        quote: ['quote', 'text'],
        quoteOrigin: ['quote_origin', 'quote_origin'],
        locator: ['locator', 'text'],
        kind: ['kind', 'commitment_kind'],
        modality: ['modality', 'modality'],
        amount: ['amount', 'numeric'],
        currency: ['currency', 'char(3)'],
        amountBound: ['amount_bound', 'amount_bound'],
        amountBasis: ['amount_basis', 'amount_basis'],
        periodStart: ['period_start', 'date'],
        periodEnd: ['period_end', 'date'],
        periodLabel: ['period_label', 'text'],
        lethal: ['lethal', 'boolean'],
        stage: ['stage', 'commitment_stage'],
        sourceId: ['source_id', 'integer'],
      },
      commitments.map((c) => ({
        key: c.key,
        agreementId: agreementIds.get(c.agreement),
        providerId: c.provider ? actorIds.get(c.provider) : null,
        beneficiaryId: c.beneficiary ? actorIds.get(c.beneficiary) : null,
        summary: c.summary,
        quote: c.quote,
        quoteOrigin: c.quoteOrigin,
        locator: c.locator ?? null,
        kind: c.kind,
        modality: c.modality,
        amount: c.amount?.amount ?? null,
        currency: c.amount?.currency ?? null,
        amountBound: c.amountBound ?? null,
        amountBasis: c.amountBasis ?? null,
        periodStart: c.period?.start ?? null,
        periodEnd: c.period?.end ?? null,
        periodLabel: c.period?.label ?? null,
        lethal: c.lethal ?? null,
        stage: c.stage,
        sourceId: sourceIds.get(c.source),
      })),
    );
    // Second pass: an included-in target may come later in the corpus, or from another agreement.
    await manager.query(
      `UPDATE commitment c SET included_in_id = t.id
       FROM jsonb_to_recordset($1::jsonb) AS x(key text, included_in text) LEFT JOIN commitment t ON t.key = x.included_in
       WHERE c.key = x.key`,
      [JSON.stringify(commitments.map((c) => ({ key: c.key, included_in: c.includedIn ?? null })))],
    );
    const commitmentList = [...commitmentIds.values()];
    await replaceLinks(
      manager,
      'commitment_domain',
      'commitment_id',
      commitmentList,
      [
        ['commitment_id', 'integer'],
        ['domain_id', 'integer'],
      ],
      commitments.flatMap((c) => c.domains.map((d) => ({ commitment_id: commitmentIds.get(c.key), domain_id: domainIds.get(d) }))),
    );
    await replaceLinks(
      manager,
      'commitment_mechanism',
      'commitment_id',
      commitmentList,
      [
        ['commitment_id', 'integer'],
        ['mechanism_id', 'integer'],
      ],
      commitments.flatMap((c) => c.mechanisms.map((m) => ({ commitment_id: commitmentIds.get(c.key), mechanism_id: mechanismIds.get(m) }))),
    );

    const constraintIds = await upsert(
      manager,
      'agreement_constraint',
      'key',
      {
        key: ['key', 'text'],
        agreementId: ['agreement_id', 'integer'],
        actorId: ['actor_id', 'integer'],
        kind: ['kind', 'constraint_kind'],
        summary: ['summary', 'text'],
        quote: ['quote', 'text'],
        quoteOrigin: ['quote_origin', 'quote_origin'],
        locator: ['locator', 'text'],
        sourceId: ['source_id', 'integer'],
      },
      constraints.map((c) => ({
        key: c.key,
        agreementId: agreementIds.get(c.agreement),
        actorId: c.actor ? actorIds.get(c.actor) : null,
        kind: c.kind,
        summary: c.summary,
        quote: c.quote,
        quoteOrigin: c.quoteOrigin,
        locator: c.locator ?? null,
        sourceId: sourceIds.get(c.source),
      })),
    );
    await replaceLinks(
      manager,
      'constraint_restriction',
      'constraint_id',
      [...constraintIds.values()],
      [
        ['constraint_id', 'integer'],
        ['commitment_id', 'integer'],
      ],
      constraints.flatMap((c) => c.restricts.map((k) => ({ constraint_id: constraintIds.get(c.key), commitment_id: commitmentIds.get(k) }))),
    );

    return { agreements: corpus.agreements.length, commitments: commitments.length, constraints: constraints.length };
  });
}

/** Loads the corpus only into a database that has no agreement yet (first start). */
export async function seedIfEmpty(dataSource: DataSource, read: () => SeedCorpus): Promise<LoadSummary | null> {
  const [{ count }] = await dataSource.query('SELECT count(*) AS count FROM agreement');
  if (count > 0) return null;
  return loadCorpus(dataSource, read());
}
