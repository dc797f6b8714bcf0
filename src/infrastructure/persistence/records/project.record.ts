import { EntitySchema } from "typeorm";
import { aggregateColumns, idColumn, jsonbColumn, named, textColumn } from "./record-columns.js";

/** A row of `projects`; `acls` holds `[{ userName, privileges }]`. */
export class ProjectRecord {
  id!: string;
  name!: string;
  tenantId!: string;
  owner!: string;
  acls!: { userName: string; privileges: string[] }[];
  version!: number;
  inactive!: boolean;
  creationTime!: number;
}

export const ProjectRecordSchema = new EntitySchema<ProjectRecord>({
  name: "ProjectRecord",
  target: ProjectRecord,
  tableName: "projects",
  columns: {
    id: idColumn,
    name: textColumn,
    tenantId: named("tenant_id", textColumn),
    owner: textColumn,
    acls: jsonbColumn,
    ...aggregateColumns,
  },
});
