import { EntitySchema } from "typeorm";
import { aggregateColumns, jsonbColumn, named, textArrayColumn, textColumn } from "./record-columns.js";

/**
 * A row of `users`: a local user. `passwordHash` is in the format of
 * `../password-hash.ts`; `tenantRoles` maps a tenant id to the roles held there.
 */
export class UserRecord {
  name!: string;
  passwordHash!: string;
  tenantId!: string;
  vdcRoles!: string[];
  tenantRoles!: Record<string, string[]>;
  version!: number;
  inactive!: boolean;
  creationTime!: number;
}

export const UserRecordSchema = new EntitySchema<UserRecord>({
  name: "UserRecord",
  target: UserRecord,
  tableName: "users",
  columns: {
    name: { type: "text", primary: true },
    passwordHash: named("password_hash", textColumn),
    tenantId: named("tenant_id", textColumn),
    vdcRoles: named("vdc_roles", textArrayColumn),
    tenantRoles: named("tenant_roles", jsonbColumn),
    ...aggregateColumns,
  },
});
