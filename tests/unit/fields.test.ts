import 'reflect-metadata';
import { getMetadataArgsStorage } from 'typeorm';
import { commitmentFields } from '../../src/domain/commitment/commitment.fields';
import { CommitmentKind } from '../../src/domain/enums';
import { entityColumns } from '../../src/shared/fields/entity';
import { curatedFields, enumField, namedFields, textField } from '../../src/shared/fields/fields';
import { placeFields } from '../../src/shared/fields/graphql';
import { recordJsonPairs, seedShape, writtenColumns, writtenValues } from '../../src/shared/fields/records';
import { specParts } from '../../src/shared/fields/spec';

const at = (name: string) => ({ name, type: () => String });

describe('field declarations', () => {
  it('name columns in snake_case unless a declaration says otherwise', () => {
    const named = namedFields({ quoteTranslation: textField(), expiresOn: textField({ column: 'stated_expires_on' }) });
    expect(named.map((f) => [f.name, f.column])).toEqual([
      ['quoteTranslation', 'quote_translation'],
      ['expiresOn', 'stated_expires_on'],
    ]);
  });

  it('place extra GraphQL fields at their anchors, in the order given, and refuse an unknown anchor', () => {
    const names = (extras: Parameters<typeof placeFields>[1]) => placeFields([at('a'), at('c'), at('e')], extras).map((f) => f.name);
    expect(names({ b: { after: 'a', type: () => String }, d: { before: 'e', type: () => String }, f: { type: () => String } })).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
    ]);
    expect(names({ x: { before: 'a', type: () => String }, y: { after: 'x', type: () => String } })).toEqual(['x', 'y', 'a', 'c', 'e']);
    expect(() => names({ b: { after: 'nope', type: () => String } })).toThrow('"nope"');
    // Without a type, an extra moves a declared field (an input that lists it elsewhere).
    expect(names({ a: { after: 'e' } })).toEqual(['c', 'e', 'a']);
    expect(() => names({ z: { after: 'a' } })).toThrow('"z" has no type');
  });

  it('derive the spec: every column in order (decimals as text), the filterable fields, both directions of each sortable one', () => {
    const { columns, fields, orders } = specParts({
      key: textField({ order: true }),
      amount: { ...textField(), type: 'decimal' as const },
      kind: enumField(CommitmentKind, 'commitment_kind', { order: true, filter: false }),
    });
    expect(columns).toEqual({ key: 'key', amount: 'amount::text', kind: 'kind' });
    expect(Object.keys(fields)).toEqual(['key', 'amount']);
    expect(Object.keys(orders)).toEqual(['KEY_ASC', 'KEY_DESC', 'KIND_ASC', 'KIND_DESC']);
    expect(orders.KIND_ASC).toMatchObject({ column: 'kind', type: 'enum', pgType: 'commitment_kind', values: Object.values(CommitmentKind) });
  });

  it('derive the record format: the seed entries (nullable ones optional), the written columns and values, the reader', () => {
    const registry = { summary: textField(), note: textField({ nullable: true }), version: textField({ curated: false }) };
    const shape = seedShape(registry);
    expect(Object.keys(shape)).toEqual(['summary', 'note']);
    expect(shape.note.safeParse(undefined).success).toBe(true);
    expect(shape.note.safeParse(null).success).toBe(true);
    expect(shape.summary.safeParse(null).success).toBe(false);
    expect(writtenColumns(registry)).toEqual({ summary: ['summary', 'text'], note: ['note', 'text'] });
    expect(writtenValues(registry, { summary: 's' })).toEqual({ summary: 's', note: null });
    expect(recordJsonPairs(registry, 'c')).toBe(`'summary', c.summary, 'note', c.note`);
  });

  it('declare the entity columns as the decorators would', () => {
    class Probe {}
    entityColumns(Probe, {
      id: { ...textField({ entity: { primary: true } }), type: 'id' as const },
      kind: enumField(CommitmentKind, 'commitment_kind', { entity: { index: true } }),
      note: textField({ nullable: true, column: 'probe_note' }),
      skipped: textField({ entity: false }),
    });
    const columns = getMetadataArgsStorage().columns.filter((c) => c.target === Probe);
    expect(columns.map((c) => [c.propertyName, c.mode, c.options.name, c.options.type, c.options.nullable])).toEqual([
      ['id', 'regular', undefined, Number, undefined],
      ['kind', 'regular', 'kind', 'enum', false],
      ['note', 'regular', 'probe_note', 'text', true],
    ]);
    expect(
      getMetadataArgsStorage()
        .generations.filter((g) => g.target === Probe)
        .map((g) => g.strategy),
    ).toEqual(['identity']);
    expect(
      getMetadataArgsStorage()
        .indices.filter((i) => i.target === Probe)
        .map((i) => i.columns),
    ).toEqual([['kind']]);
  });

  it('commitments: the curated fields are the keys a seed record, an import and CommitmentInput share', () => {
    expect(curatedFields(commitmentFields).map((f) => f.name)).toEqual([
      'key',
      'summary',
      'quote',
      'quoteOrigin',
      'quoteLanguage',
      'quoteTranslation',
      'locator',
      'kind',
      'modality',
      'amountBound',
      'amountBasis',
      'overlapNote',
      'lethal',
      'stage',
    ]);
  });
});
