import type { ArrayReplicationGroups, SimReplicationGroup } from "../../../drivers/simulation/array-state-store.js";
import type { ArraySql } from "./array-sql.js";

/** An array's replication groups in Postgres: a member row per device, gone with the device. */
export function postgresArrayReplicationGroups(sql: ArraySql): ArrayReplicationGroups {
  return {
    async addToReplicationGroup(groupName: string, nativeIds: readonly string[]): Promise<void> {
      await sql.lockArray();
      await sql.rows(
        `INSERT INTO ${sql.s}.replication_groups (array_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [groupName],
      );
      if (nativeIds.length === 0) return;
      await sql.rows(
        `INSERT INTO ${sql.s}.replication_group_members (array_id, native_id, group_name)
         SELECT $1, native_id, $2 FROM unnest($3::text[]) AS native_id
         ON CONFLICT (array_id, native_id) DO UPDATE SET group_name = EXCLUDED.group_name`,
        [groupName, [...new Set(nativeIds)]],
      );
    },

    async replicationGroupsOf(nativeIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
      if (nativeIds.length === 0) return new Map();
      const rows = await sql.rows(
        `SELECT native_id, group_name FROM ${sql.s}.replication_group_members
          WHERE array_id = $1 AND native_id = ANY($2::text[])`,
        [[...new Set(nativeIds)]],
      );
      return new Map(rows.map((row) => [String(row.native_id), String(row.group_name)]));
    },

    async allReplicationGroups(): Promise<SimReplicationGroup[]> {
      const rows = await sql.rows(
        `SELECT g.name, array_remove(array_agg(m.native_id ORDER BY m.native_id), NULL) AS members
           FROM ${sql.s}.replication_groups g
           LEFT JOIN ${sql.s}.replication_group_members m ON m.array_id = g.array_id AND m.group_name = g.name
          WHERE g.array_id = $1 GROUP BY g.name ORDER BY g.name`,
        [],
      );
      return rows.map((row) => ({ name: String(row.name), members: (row.members as string[]).map(String) }));
    },
  };
}
