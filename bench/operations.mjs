// The benchmark's headline operations: the same question asked of each server, written three times.
//   ours:         our GraphQL schema (type-graphql), POST /graphql
//   postgraphile: the equivalent PostGraphile 5 query (amber preset + connection filter with relation filters)
//   floor:        the hand-written-SQL server's endpoint POST /op/<name> (bench/floor-server.mjs), whose reply has
//                 the shape of our server's `data`
// Each operation also has a `normalise(server, data)` that reduces a reply to what must be equal across servers
// (ids as strings, slugs, key fields, unordered lists sorted), so the harness can check, before timing, that all
// three give the same answer.
//
// `params` (chosen by run.mjs from the generated data) hold the values: party, domains, search text, slug, dates
// and the cursors of the deep page.

/** The domain filter of ours ("this slug or anything under it") in PostGraphile's filter language: the taxonomy
 * is three levels deep, so "the domain, its parent or its grandparent has this slug" is the same set. */
const pglDomainFilter = (variable) => `cooperationDomainByDomainId: { or: [
        { slug: { equalTo: ${variable} } }
        { cooperationDomainByParentId: { slug: { equalTo: ${variable} } } }
        { cooperationDomainByParentId: { cooperationDomainByParentId: { slug: { equalTo: ${variable} } } } }
      ] }`;

const str = (value) => (value === null || value === undefined ? null : String(value));
const sorted = (list) => [...list].sort();
const money = (amount, currency) => (amount === null || amount === undefined ? null : `${Number(amount).toFixed(2)} ${currency}`);

// ---------------------------------------------------------------------------------------------------------------
// (a) agreements of a party with a commitment in a domain (incl. descendants), with parties, first commitments,
//     each commitment's domains and source.
const agreementsByPartyAndDomain = {
  name: 'agreementsByPartyAndDomain',
  title: '(a) 20 agreements by party + domain subtree, nested parties, 20 commitments, domains, source',
  ours: {
    query: `query AgreementsByPartyAndDomain($party: String!, $domain: String!, $first: Int!, $nested: Int!) {
  agreements(filter: { partyCode: { eq: $party }, domain: $domain }, orderBy: [SIGNED_ON_ASC], first: $first) {
    nodes {
      id slug shortTitle signedOn
      parties { role actor { code name } }
      commitments(first: $nested) {
        nodes { id key summary kind amount { amount currency } domains { slug } source { key title } }
      }
    }
  }
}`,
    variables: (p) => ({ party: p.party, domain: p.agreementDomain, first: p.pageSize ?? 20, nested: p.nestedSize ?? 20 }),
  },
  postgraphile: {
    query: `query AgreementsByPartyAndDomain($party: String!, $domain: String!, $first: Int!, $nested: Int!) {
  allAgreements(
    filter: {
      agreementPartiesByAgreementId: { some: { actorByActorId: { code: { equalTo: $party } } } }
      commitmentsByAgreementId: { some: { commitmentDomainsByCommitmentId: { some: { ${pglDomainFilter('$domain')} } } } }
    }
    orderBy: [SIGNED_ON_ASC, ROW_ID_ASC]
    first: $first
  ) {
    nodes {
      rowId slug shortTitle signedOn
      agreementPartiesByAgreementId { nodes { role actorByActorId { code name } } }
      commitmentsByAgreementId(first: $nested, orderBy: [ROW_ID_ASC]) {
        nodes {
          rowId key summary kind amount currency
          commitmentDomainsByCommitmentId { nodes { cooperationDomainByDomainId { slug } } }
          sourceBySourceId { key title }
        }
      }
    }
  }
}`,
    variables: (p) => ({ party: p.party, domain: p.agreementDomain, first: p.pageSize ?? 20, nested: p.nestedSize ?? 20 }),
  },
  floor: { variables: (p) => ({ party: p.party, domain: p.agreementDomain, first: p.pageSize ?? 20, nested: p.nestedSize ?? 20 }) },
  normalise(server, data) {
    if (server === 'postgraphile') {
      return data.allAgreements.nodes.map((a) => ({
        id: str(a.rowId),
        slug: a.slug,
        shortTitle: a.shortTitle,
        signedOn: a.signedOn,
        parties: sorted(a.agreementPartiesByAgreementId.nodes.map((p) => `${p.role}:${p.actorByActorId.code}:${p.actorByActorId.name}`)),
        commitments: a.commitmentsByAgreementId.nodes.map((c) => ({
          id: str(c.rowId),
          key: c.key,
          summary: c.summary,
          kind: c.kind,
          amount: money(c.amount, c.currency),
          domains: sorted(c.commitmentDomainsByCommitmentId.nodes.map((d) => d.cooperationDomainByDomainId.slug)),
          source: `${c.sourceBySourceId.key}:${c.sourceBySourceId.title}`,
        })),
      }));
    }
    return data.agreements.nodes.map((a) => ({
      id: str(a.id),
      slug: a.slug,
      shortTitle: a.shortTitle,
      signedOn: a.signedOn,
      parties: sorted(a.parties.map((p) => `${p.role}:${p.actor.code}:${p.actor.name}`)),
      commitments: a.commitments.nodes.map((c) => ({
        id: str(c.id),
        key: c.key,
        summary: c.summary,
        kind: c.kind,
        amount: c.amount ? money(c.amount.amount, c.amount.currency) : null,
        domains: sorted(c.domains.map((d) => d.slug)),
        source: `${c.source.key}:${c.source.title}`,
      })),
    }));
  },
};

// ---------------------------------------------------------------------------------------------------------------
// (b) a full-text search page of commitments (ours: filter { search } = websearch_to_tsquery on search_vector).
const searchCommitments = {
  name: 'searchCommitments',
  title: '(b) full-text search, 20 commitments with their agreement',
  ours: {
    query: `query SearchCommitments($q: String!, $first: Int!) {
  commitments(filter: { search: $q }, first: $first) {
    nodes { id key summary kind agreement { slug } }
  }
}`,
    variables: (p) => ({ q: p.search, first: 20 }),
  },
  postgraphile: {
    // search_commitments(query) is the bench-only SQL function (bench/generate.mjs): same predicate, ordered by id.
    query: `query SearchCommitments($q: String!, $first: Int!) {
  searchCommitments(query: $q, first: $first) {
    nodes { rowId key summary kind agreementByAgreementId { slug } }
  }
}`,
    variables: (p) => ({ q: p.search, first: 20 }),
  },
  floor: { variables: (p) => ({ q: p.search, first: 20 }) },
  normalise(server, data) {
    if (server === 'postgraphile') {
      return data.searchCommitments.nodes.map((c) => ({
        id: str(c.rowId),
        key: c.key,
        summary: c.summary,
        kind: c.kind,
        agreement: c.agreementByAgreementId.slug,
      }));
    }
    return data.commitments.nodes.map((c) => ({ id: str(c.id), key: c.key, summary: c.summary, kind: c.kind, agreement: c.agreement.slug }));
  },
};

// ---------------------------------------------------------------------------------------------------------------
// (c) one agreement by slug with everything nested.
const agreementBySlug = {
  name: 'agreementBySlug',
  title: '(c) one agreement by slug, everything nested (50 commitments, 50 constraints)',
  ours: {
    query: `query AgreementBySlug($slug: String!, $first: Int!) {
  agreement(slug: $slug) {
    id slug title shortTitle kind legalNature status signedOn signedPlace entryIntoForce durationYears expiresOn summary
    parties { role actor { code name kind } }
    commitments(first: $first) {
      nodes {
        id key summary quote locator kind modality stage lethal
        amount { amount currency } period { start end label }
        provider { code } beneficiary { code }
        domains { slug name } mechanisms { slug name } source { key title publisher url }
      }
    }
    constraints(first: $first) {
      nodes { id key kind summary quote locator actor { code } source { key } restricts { id key } }
    }
  }
}`,
    variables: (p) => ({ slug: p.slug, first: 50 }),
  },
  postgraphile: {
    query: `query AgreementBySlug($slug: String!, $first: Int!) {
  agreementBySlug(slug: $slug) {
    rowId slug title shortTitle kind legalNature status signedOn signedPlace entryIntoForce durationYears expiresOn summary
    agreementPartiesByAgreementId { nodes { role actorByActorId { code name kind } } }
    commitmentsByAgreementId(first: $first, orderBy: [ROW_ID_ASC]) {
      nodes {
        rowId key summary quote locator kind modality stage lethal amount currency periodStart periodEnd periodLabel
        actorByProviderId { code } actorByBeneficiaryId { code }
        commitmentDomainsByCommitmentId { nodes { cooperationDomainByDomainId { slug name } } }
        commitmentMechanismsByCommitmentId { nodes { mechanismByMechanismId { slug name } } }
        sourceBySourceId { key title publisher url }
      }
    }
    agreementConstraintsByAgreementId(first: $first, orderBy: [ROW_ID_ASC]) {
      nodes {
        rowId key kind summary quote locator actorByActorId { code } sourceBySourceId { key }
        constraintRestrictionsByConstraintId { nodes { commitmentByCommitmentId { rowId key } } }
      }
    }
  }
}`,
    variables: (p) => ({ slug: p.slug, first: 50 }),
  },
  floor: { variables: (p) => ({ slug: p.slug, first: 50 }) },
  normalise(server, data) {
    if (server === 'postgraphile') {
      const a = data.agreementBySlug;
      return (
        a && {
          id: str(a.rowId),
          slug: a.slug,
          title: a.title,
          shortTitle: a.shortTitle,
          kind: a.kind,
          legalNature: a.legalNature,
          status: a.status,
          signedOn: a.signedOn,
          signedPlace: a.signedPlace,
          entryIntoForce: a.entryIntoForce,
          durationYears: a.durationYears,
          expiresOn: a.expiresOn,
          summary: a.summary,
          parties: sorted(a.agreementPartiesByAgreementId.nodes.map((p) => `${p.role}:${p.actorByActorId.code}:${p.actorByActorId.kind}`)),
          commitments: a.commitmentsByAgreementId.nodes.map((c) => ({
            id: str(c.rowId),
            key: c.key,
            summary: c.summary,
            quote: c.quote,
            locator: c.locator,
            kind: c.kind,
            modality: c.modality,
            stage: c.stage,
            lethal: c.lethal,
            amount: money(c.amount, c.currency),
            period:
              c.periodStart === null && c.periodEnd === null && c.periodLabel === null ? null : `${c.periodStart}/${c.periodEnd}/${c.periodLabel}`,
            provider: c.actorByProviderId?.code ?? null,
            beneficiary: c.actorByBeneficiaryId?.code ?? null,
            domains: sorted(
              c.commitmentDomainsByCommitmentId.nodes.map((d) => `${d.cooperationDomainByDomainId.slug}:${d.cooperationDomainByDomainId.name}`),
            ),
            mechanisms: sorted(
              c.commitmentMechanismsByCommitmentId.nodes.map((m) => `${m.mechanismByMechanismId.slug}:${m.mechanismByMechanismId.name}`),
            ),
            source: `${c.sourceBySourceId.key}:${c.sourceBySourceId.title}:${c.sourceBySourceId.publisher}:${c.sourceBySourceId.url}`,
          })),
          constraints: a.agreementConstraintsByAgreementId.nodes.map((k) => ({
            id: str(k.rowId),
            key: k.key,
            kind: k.kind,
            summary: k.summary,
            quote: k.quote,
            locator: k.locator,
            actor: k.actorByActorId?.code ?? null,
            source: k.sourceBySourceId.key,
            restricts: sorted(
              k.constraintRestrictionsByConstraintId.nodes.map((r) => `${r.commitmentByCommitmentId.rowId}:${r.commitmentByCommitmentId.key}`),
            ),
          })),
        }
      );
    }
    const a = data.agreement;
    return (
      a && {
        id: str(a.id),
        slug: a.slug,
        title: a.title,
        shortTitle: a.shortTitle,
        kind: a.kind,
        legalNature: a.legalNature,
        status: a.status,
        signedOn: a.signedOn,
        signedPlace: a.signedPlace,
        entryIntoForce: a.entryIntoForce,
        durationYears: a.durationYears,
        expiresOn: a.expiresOn,
        summary: a.summary,
        parties: sorted(a.parties.map((p) => `${p.role}:${p.actor.code}:${p.actor.kind}`)),
        commitments: a.commitments.nodes.map((c) => ({
          id: str(c.id),
          key: c.key,
          summary: c.summary,
          quote: c.quote,
          locator: c.locator,
          kind: c.kind,
          modality: c.modality,
          stage: c.stage,
          lethal: c.lethal,
          amount: c.amount ? money(c.amount.amount, c.amount.currency) : null,
          period: c.period ? `${c.period.start}/${c.period.end}/${c.period.label}` : null,
          provider: c.provider?.code ?? null,
          beneficiary: c.beneficiary?.code ?? null,
          domains: sorted(c.domains.map((d) => `${d.slug}:${d.name}`)),
          mechanisms: sorted(c.mechanisms.map((m) => `${m.slug}:${m.name}`)),
          source: `${c.source.key}:${c.source.title}:${c.source.publisher}:${c.source.url}`,
        })),
        constraints: a.constraints.nodes.map((k) => ({
          id: str(k.id),
          key: k.key,
          kind: k.kind,
          summary: k.summary,
          quote: k.quote,
          locator: k.locator,
          actor: k.actor?.code ?? null,
          source: k.source.key,
          restricts: sorted(k.restricts.map((r) => `${r.id}:${r.key}`)),
        })),
      }
    );
  },
};

// ---------------------------------------------------------------------------------------------------------------
// (d) 50 commitments in a domain subtree and a period-start range, ordered by period start, after a cursor deep in
//     the list (past the 10,000th row at the default scale).
const deepCommitmentPage = {
  name: 'deepCommitmentPage',
  title: '(d) 50 commitments by domain subtree + date range, ordered, cursor past row 10,000',
  ours: {
    query: `query DeepCommitmentPage($domain: String!, $from: Date!, $to: Date!, $first: Int!, $after: String) {
  commitments(filter: { domain: $domain, periodStart: { gte: $from, lt: $to } }, orderBy: [PERIOD_START_ASC], first: $first, after: $after) {
    nodes { id key kind period { start } amount { amount currency } agreement { slug } }
    pageInfo { hasNextPage }
  }
}`,
    variables: (p) => ({ domain: p.pageDomain, from: p.from, to: p.to, first: 50, after: p.cursors.ours }),
  },
  postgraphile: {
    query: `query DeepCommitmentPage($domain: String!, $from: Date!, $to: Date!, $first: Int!, $after: Cursor) {
  allCommitments(
    filter: {
      periodStart: { greaterThanOrEqualTo: $from, lessThan: $to }
      commitmentDomainsByCommitmentId: { some: { ${pglDomainFilter('$domain')} } }
    }
    orderBy: [PERIOD_START_ASC, ROW_ID_ASC]
    first: $first
    after: $after
  ) {
    nodes { rowId key kind periodStart amount currency agreementByAgreementId { slug } }
    pageInfo { hasNextPage }
  }
}`,
    variables: (p) => ({ domain: p.pageDomain, from: p.from, to: p.to, first: 50, after: p.cursors.postgraphile }),
  },
  floor: { variables: (p) => ({ domain: p.pageDomain, from: p.from, to: p.to, first: 50, after: p.cursors.floor }) },
  normalise(server, data) {
    if (server === 'postgraphile') {
      const c = data.allCommitments;
      return {
        hasNextPage: c.pageInfo.hasNextPage,
        nodes: c.nodes.map((n) => ({
          id: str(n.rowId),
          key: n.key,
          kind: n.kind,
          start: n.periodStart,
          amount: money(n.amount, n.currency),
          agreement: n.agreementByAgreementId.slug,
        })),
      };
    }
    const c = data.commitments;
    return {
      hasNextPage: c.pageInfo.hasNextPage,
      nodes: c.nodes.map((n) => ({
        id: str(n.id),
        key: n.key,
        kind: n.kind,
        start: n.period?.start ?? null,
        amount: n.amount ? money(n.amount.amount, n.amount.currency) : null,
        agreement: n.agreement.slug,
      })),
    };
  },
};

// ---------------------------------------------------------------------------------------------------------------
// (e) commitmentStats grouped by provider and year over every commitment: counts and money per currency and basis.
//     PostGraphile answers it with @graphile/pg-aggregates (its V5 line, 0.2 rc) plus a year group-by spec for date
//     columns (bench/postgraphile-server.mjs), as two grouped aggregates: counts by (provider, year), sums by
//     (provider, year, currency, basis). It has no equivalent of the included-in rule, which the seed corpus uses:
//     the operation covers the generated commitments (keys "bench-..."; no included-in links), so all three answer
//     the same question.
const fixed2 = (amount) => Number(amount).toFixed(2);
const commitmentCountAndSumsByProviderAndYear = {
  name: 'commitmentCountAndSumsByProviderAndYear',
  title: '(e) commitmentStats(groupBy: [PROVIDER, YEAR]) over the 49,600 generated commitments: counts, sums per currency and basis',
  ours: {
    query: `query CommitmentCountAndSumsByProviderAndYear {
  commitmentStats(groupBy: [PROVIDER, YEAR], filter: { key: { startsWith: "bench-" } }) {
    key { provider { id code } year }
    count
    sums { currency basis amount }
  }
}`,
    variables: () => ({}),
  },
  postgraphile: {
    query: `query CommitmentCountAndSumsByProviderAndYear {
  allCommitments(filter: { key: { startsWith: "bench-" } }) {
    groups: groupedAggregates(groupBy: [PROVIDER_ID, PERIOD_START_TRUNCATED_TO_YEAR]) { keys distinctCount { rowId } }
    money: groupedAggregates(groupBy: [PROVIDER_ID, PERIOD_START_TRUNCATED_TO_YEAR, CURRENCY, AMOUNT_BASIS]) { keys sum { amount } }
  }
}`,
    variables: () => ({}),
  },
  floor: { variables: () => ({}) },
  normalise(server, data) {
    const group = (provider, year) => `${provider ?? '-'}|${year ?? '-'}`;
    if (server === 'postgraphile') {
      const year = (key) => (key === null ? null : Number(String(key).slice(0, 4)));
      const sums = new Map();
      for (const g of data.allCommitments.money) {
        const [provider, start, currency, basis] = g.keys;
        if (currency === null) continue;
        const id = group(provider, year(start));
        sums.set(id, [...(sums.get(id) ?? []), `${currency.trim()} ${basis} ${fixed2(g.sum.amount)}`]);
      }
      return sorted(
        data.allCommitments.groups.map((g) => {
          const id = group(g.keys[0], year(g.keys[1]));
          return `${id} ${g.distinctCount.rowId} [${sorted(sums.get(id) ?? []).join(', ')}]`;
        }),
      );
    }
    return sorted(
      data.commitmentStats.map((g) => {
        const id = group(g.key.provider?.id ?? null, g.key.year);
        return `${id} ${g.count} [${sorted(g.sums.map((s) => `${s.currency} ${s.basis} ${fixed2(s.amount)}`)).join(', ')}]`;
      }),
    );
  },
};

// ---------------------------------------------------------------------------------------------------------------
// (f) compareAgreements of six agreements (the founding brief's comparison set): rows by domain with cells,
//     shared and distinctive domains, constraint kinds side by side. PostGraphile has nothing equivalent.
const compareSix = {
  name: 'compareSix',
  title: '(f) compareAgreements of 6 agreements: every domain row and cell, shared, distinctive, constraint rows',
  ours: {
    query: `query CompareSix($slugs: [String!]!) {
  compareAgreements(slugs: $slugs) {
    agreements { slug }
    rows { domain { slug } cells { covered strongestModality commitments { key } amounts { currency basis amount } } }
    shared { slug }
    distinctive { agreement { slug } domains { slug } }
    constraintRows { kind cells { constraints { key } } }
  }
}`,
    variables: (p) => ({ slugs: p.compareSlugs }),
  },
  postgraphile: null,
  floor: { variables: (p) => ({ slugs: p.compareSlugs }) },
  normalise(_server, data) {
    return data.compareAgreements;
  },
};

// ---------------------------------------------------------------------------------------------------------------
// (g) textReuse of one agreement (issue 15): every leaf provision of its official text with its closest match in
//     the agreements signed before it, and the per-agreement summary; one SQL statement. Needs the official texts
//     in the bench database (generate.mjs loads AGREEMENT_TEXTS_DIR or ../shared/agreement-texts). Czechia's text
//     is compared with the 21 agreements signed before it. Neither PostGraphile nor the floor has an equivalent.
const textReuse = {
  name: 'textReuse',
  title: '(g) textReuse of the Czechia agreement: 159 leaves, closest earlier match each, per-agreement summary',
  ours: {
    query: `query TextReuse($slug: String!) {
  textReuse(slug: $slug) {
    share
    provisions { provision { path } match { path agreement { slug } } score reusedShare }
    from { agreement { slug } provisions share }
  }
}`,
    variables: (p) => ({ slug: p.reuseSlug }),
  },
  postgraphile: null,
  floor: null,
  normalise(_server, data) {
    // Empty when the official texts are not in the bench database: the check then refuses to time nothing.
    return data.textReuse.provisions.length > 0 ? data.textReuse : [];
  },
};

export const OPERATIONS = [
  agreementsByPartyAndDomain,
  searchCommitments,
  agreementBySlug,
  deepCommitmentPage,
  commitmentCountAndSumsByProviderAndYear,
  compareSix,
  textReuse,
];

/** PostGraphile query that returns the cursor of the row at `offset` of operation (d)'s list (for `after`). */
export const POSTGRAPHILE_DEEP_CURSOR_QUERY = `query DeepCursor($domain: String!, $from: Date!, $to: Date!, $offset: Int!) {
  allCommitments(
    filter: {
      periodStart: { greaterThanOrEqualTo: $from, lessThan: $to }
      commitmentDomainsByCommitmentId: { some: { ${pglDomainFilter('$domain')} } }
    }
    orderBy: [PERIOD_START_ASC, ROW_ID_ASC]
    first: 1
    offset: $offset
  ) { edges { cursor node { rowId periodStart } } }
}`;

/**
 * Our cursor for a row of operation (d)'s list, as src/shared/list-query/keyset.ts encodes it:
 * base64url(JSON [collection, order signature, sort-key values (period start, then the id tie-breaker)]).
 */
export function oursDeepCursor(periodStart, id) {
  return Buffer.from(JSON.stringify(['Commitment', 'PERIOD_START_ASC', [periodStart, id]]), 'utf8').toString('base64url');
}

/** The floor server's cursor: the same sort-key values, as plain JSON. */
export function floorDeepCursor(periodStart, id) {
  return { periodStart, id };
}
