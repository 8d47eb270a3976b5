import { Column, ColumnOptions, Index, PrimaryGeneratedColumn } from 'typeorm';
import { FieldRegistry, NamedField, namedFields } from './fields';

/** The TypeORM column options of a field (type, nullability, enum), before the declaration's own additions. */
export function columnOptions(field: NamedField): ColumnOptions {
  const base: ColumnOptions = { name: field.column, nullable: field.nullable };
  switch (field.type) {
    case 'enum':
      return { ...base, type: 'enum', enum: field.enum!.values, enumName: field.enum!.pgType };
    case 'decimal':
      return { ...base, type: 'numeric' };
    case 'datetime':
      return { ...base, type: 'timestamptz' };
    case 'id':
    case 'int':
      return { ...base, type: 'integer' };
    default:
      return { ...base, type: field.type };
  }
}

/**
 * Declares the entity's columns from the registry, as `@Column` (or `@PrimaryGeneratedColumn`, `@Index`) would
 * on each property: the migration still creates them, and the schema test compares the two.
 */
export function entityColumns(entity: abstract new (...args: never[]) => unknown, registry: FieldRegistry): void {
  for (const field of namedFields(registry)) {
    if (field.entity === false) continue;
    const { index, primary, ...extra } = field.entity;
    if (primary) PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })(entity.prototype, field.name);
    else Column({ ...columnOptions(field), ...extra } as ColumnOptions)(entity.prototype, field.name);
    if (index) Index()(entity.prototype, field.name);
  }
}
