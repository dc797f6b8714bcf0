import { EntitySchema } from "typeorm";
import {
  aggregateColumns,
  bigintColumn,
  idColumn,
  integerColumn,
  jsonbColumn,
  named,
  nullableBigintColumn,
  nullableJsonbColumn,
  nullableTextColumn,
  textColumn,
} from "./record-columns.js";

/**
 * A row of `tasks`. `associated` holds `[{ type, id, name }]`; `service_error` is
 * `{ code, description, details, retryable }` or null. Tasks are never deactivated:
 * `inactive` stays false and `creation_time` equals `start_time`.
 */
export class TaskRecord {
  id!: string;
  opId!: string;
  name!: string;
  description!: string;
  resourceType!: string;
  resourceId!: string;
  resourceName!: string;
  tenantId!: string;
  associated!: { type: string; id: string; name: string }[];
  state!: string;
  message!: string | null;
  progress!: number;
  serviceError!: { code: number; description: string; details: string; retryable: boolean } | null;
  startTime!: number;
  endTime!: number | null;
  queuedStartTime!: number | null;
  version!: number;
  inactive!: boolean;
  creationTime!: number;
}

export const TaskRecordSchema = new EntitySchema<TaskRecord>({
  name: "TaskRecord",
  target: TaskRecord,
  tableName: "tasks",
  columns: {
    id: idColumn,
    opId: named("op_id", textColumn),
    name: textColumn,
    description: textColumn,
    resourceType: named("resource_type", textColumn),
    resourceId: named("resource_id", textColumn),
    resourceName: named("resource_name", textColumn),
    tenantId: named("tenant_id", textColumn),
    associated: jsonbColumn,
    state: textColumn,
    message: nullableTextColumn,
    progress: integerColumn,
    serviceError: named("service_error", nullableJsonbColumn),
    startTime: bigintColumn("start_time"),
    endTime: nullableBigintColumn("end_time"),
    queuedStartTime: nullableBigintColumn("queued_start_time"),
    ...aggregateColumns,
  },
});
