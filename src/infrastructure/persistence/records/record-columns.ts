import type { EntitySchemaColumnOptions, ValueTransformer } from "typeorm";

/**
 * Postgres returns `bigint` as a string (it may exceed 2^53); our bigints are epoch
 * milliseconds and byte counts, well inside the safe integer range.
 */
const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

export const idColumn: EntitySchemaColumnOptions = { type: "text", primary: true };
export const textColumn: EntitySchemaColumnOptions = { type: "text" };
export const nullableTextColumn: EntitySchemaColumnOptions = { type: "text", nullable: true };
export const integerColumn: EntitySchemaColumnOptions = { type: "integer" };
export const booleanColumn: EntitySchemaColumnOptions = { type: "boolean" };
export const jsonbColumn: EntitySchemaColumnOptions = { type: "jsonb" };
export const nullableJsonbColumn: EntitySchemaColumnOptions = { type: "jsonb", nullable: true };
export const textArrayColumn: EntitySchemaColumnOptions = { type: "text", array: true };

export function bigintColumn(name: string): EntitySchemaColumnOptions {
  return { type: "bigint", name, transformer: bigintAsNumber };
}

export function nullableBigintColumn(name: string): EntitySchemaColumnOptions {
  return { type: "bigint", name, nullable: true, transformer: bigintAsNumber };
}

export function named(name: string, column: EntitySchemaColumnOptions): EntitySchemaColumnOptions {
  return { ...column, name };
}

/** `version`, `inactive` and `creation_time`: every aggregate table has them. */
export const aggregateColumns = {
  version: integerColumn,
  inactive: booleanColumn,
  creationTime: bigintColumn("creation_time"),
} satisfies Record<string, EntitySchemaColumnOptions>;

/** The fields of {@link aggregateColumns} on a record class. */
export interface AggregateRecordFields {
  version: number;
  inactive: boolean;
  creationTime: number;
}
