import { EntitySchema } from "typeorm";
import { jsonbColumn } from "./record-columns.js";

/**
 * A row of `outbox`: a workflow start waiting to be relayed to the queue. `id` is a
 * bigserial, returned by Postgres as a string; ids grow in commit-independent insert order.
 */
export class OutboxRecord {
  id!: string;
  payload!: unknown;
  createdAt!: Date;
}

export const OutboxRecordSchema = new EntitySchema<OutboxRecord>({
  name: "OutboxRecord",
  target: OutboxRecord,
  tableName: "outbox",
  columns: {
    id: { type: "bigint", primary: true, generated: "increment" },
    payload: jsonbColumn,
    createdAt: { type: "timestamptz", name: "created_at", default: () => "now()" },
  },
});
