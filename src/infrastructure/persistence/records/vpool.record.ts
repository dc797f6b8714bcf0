import { EntitySchema } from "typeorm";
import {
  aggregateColumns,
  booleanColumn,
  idColumn,
  integerColumn,
  named,
  textArrayColumn,
  textColumn,
} from "./record-columns.js";

/** A row of `vpools`: a block virtual pool of one array family. */
export class VpoolRow {
  id!: string;
  name!: string;
  systemType!: string;
  varrayIds!: string[];
  maxSnapshots!: number;
  multiVolumeConsistency!: boolean;
  version!: number;
  inactive!: boolean;
  creationTime!: number;
}

export const VpoolRowSchema = new EntitySchema<VpoolRow>({
  name: "VpoolRow",
  target: VpoolRow,
  tableName: "vpools",
  columns: {
    id: idColumn,
    name: textColumn,
    systemType: named("system_type", textColumn),
    varrayIds: named("varray_ids", textArrayColumn),
    maxSnapshots: named("max_snapshots", integerColumn),
    multiVolumeConsistency: named("multi_volume_consistency", booleanColumn),
    ...aggregateColumns,
  },
});
