import { AuthTokenRecordSchema } from "./auth-token.record.js";
import { ConsistencyGroupRecordSchema } from "./consistency-group.record.js";
import { LinkedTargetRecordSchema } from "./linked-target.record.js";
import { OutboxRecordSchema } from "./outbox.record.js";
import { ProjectRecordSchema } from "./project.record.js";
import { SessionRecordSchema } from "./snapshot-session.record.js";
import { StoragePoolRowSchema } from "./storage-pool.record.js";
import { StorageSystemRowSchema } from "./storage-system.record.js";
import { TaskRecordSchema } from "./task.record.js";
import { TenantRecordSchema } from "./tenant.record.js";
import { UserRecordSchema } from "./user.record.js";
import { VarrayRowSchema } from "./varray.record.js";
import { VolumeRecordSchema } from "./volume.record.js";
import { VpoolRowSchema } from "./vpool.record.js";

/**
 * Every table's entity schema, for the data source. (The storage catalog's classes are
 * named `…Row` because the StorageCatalog port already names its plain records `…Record`.)
 */
export const allRecords = [
  TenantRecordSchema,
  UserRecordSchema,
  AuthTokenRecordSchema,
  ProjectRecordSchema,
  StorageSystemRowSchema,
  StoragePoolRowSchema,
  VarrayRowSchema,
  VpoolRowSchema,
  ConsistencyGroupRecordSchema,
  VolumeRecordSchema,
  SessionRecordSchema,
  LinkedTargetRecordSchema,
  TaskRecordSchema,
  OutboxRecordSchema,
];
