import type { ArrayLinks, SimLink } from "../../../drivers/simulation/array-state-store.js";
import type { ArraySql } from "./array-sql.js";
import { linkValues, toLink } from "./array-state-rows.js";

/** An array's links in Postgres; the limit of links per source is counted in the inserting statement. */
export function postgresArrayLinks(sql: ArraySql): ArrayLinks {
  return {
    async linkOfTarget(targetNativeId: string): Promise<SimLink | null> {
      const [row] = await sql.rows(`SELECT * FROM ${sql.s}.links WHERE array_id = $1 AND target_native_id = $2`, [
        targetNativeId,
      ]);
      return row ? toLink(row) : null;
    },

    linksOfTargets(targetNativeIds: readonly string[]): Promise<ReadonlyMap<string, SimLink>> {
      return sql.sets.linksOfTargets(targetNativeIds);
    },

    async linksOfSnapshot(snapId: number): Promise<SimLink[]> {
      const rows = await sql.rows(
        `SELECT * FROM ${sql.s}.links WHERE array_id = $1 AND snap_id = $2 ORDER BY target_native_id`,
        [snapId],
      );
      return rows.map(toLink);
    },

    async countLinksOfSource(sourceNativeId: string): Promise<number> {
      const [row] = await sql.rows(
        `SELECT count(*) AS count FROM ${sql.s}.links WHERE array_id = $1 AND source_native_id = $2`,
        [sourceNativeId],
      );
      return Number(row?.count ?? 0);
    },

    async insertLink(link: SimLink): Promise<void> {
      await sql.rows(
        `INSERT INTO ${sql.s}.links (array_id, target_native_id, snap_id, source_native_id, copy_mode, started_at,
           tracks, define_duration_ms, copy_started_at, copy_duration_ms, copy_destination_native_id, copy_tracks)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        linkValues(link),
      );
    },

    async insertLinkWithinLimit(link: SimLink, maxLinksOfSource: number): Promise<boolean> {
      const inserted = await sql.rows(
        `INSERT INTO ${sql.s}.links (array_id, target_native_id, snap_id, source_native_id, copy_mode, started_at,
           tracks, define_duration_ms, copy_started_at, copy_duration_ms, copy_destination_native_id, copy_tracks)
         SELECT $1, $2::text, $3::bigint, $4::text, $5::text, $6::bigint, $7::bigint, $8::bigint, $9::bigint,
                $10::bigint, $11::text, $12::bigint
         WHERE (SELECT count(*) FROM ${sql.s}.links WHERE array_id = $1 AND source_native_id = $4::text) < $13::bigint
         RETURNING 1 AS inserted`,
        [...linkValues(link), maxLinksOfSource],
      );
      return inserted.length === 1;
    },

    insertLinksWithinLimit(links: readonly SimLink[], maxLinksOfSource: number): Promise<ReadonlySet<string>> {
      return sql.sets.insertLinksWithinLimit(links, maxLinksOfSource);
    },

    async updateLink(link: SimLink): Promise<void> {
      const affected = await sql.affected(
        `UPDATE ${sql.s}.links SET snap_id = $3, source_native_id = $4, copy_mode = $5, started_at = $6, tracks = $7,
           define_duration_ms = $8, copy_started_at = $9, copy_duration_ms = $10, copy_destination_native_id = $11,
           copy_tracks = $12
         WHERE array_id = $1 AND target_native_id = $2`,
        linkValues(link),
      );
      if (affected !== 1) throw new Error(`target ${link.targetNativeId} on array ${sql.arrayId} is not linked`);
    },

    async deleteLink(targetNativeId: string): Promise<boolean> {
      const statement = `DELETE FROM ${sql.s}.links WHERE array_id = $1 AND target_native_id = $2`;
      return (await sql.affected(statement, [targetNativeId])) > 0;
    },

    async allLinks(): Promise<SimLink[]> {
      return (await sql.rows(`SELECT * FROM ${sql.s}.links WHERE array_id = $1 ORDER BY target_native_id`, [])).map(
        toLink,
      );
    },
  };
}
