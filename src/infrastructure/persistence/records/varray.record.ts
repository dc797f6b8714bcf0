import { EntitySchema } from "typeorm";
import { aggregateColumns, idColumn, textColumn } from "./record-columns.js";

/** A row of `varrays`: a virtual array. */
export class VarrayRow {
  id!: string;
  name!: string;
  version!: number;
  inactive!: boolean;
  creationTime!: number;
}

export const VarrayRowSchema = new EntitySchema<VarrayRow>({
  name: "VarrayRow",
  target: VarrayRow,
  tableName: "varrays",
  columns: { id: idColumn, name: textColumn, ...aggregateColumns },
});
