import type { DataSource } from "typeorm";

/** What the controller's records and the arrays' state say once the work has drained. */
export interface Ledger {
  /** Link tasks by state. */
  readonly tasks: Record<string, number>;
  /** Why the link tasks in error failed (their service_error details), with how many. */
  readonly errors: Record<string, number>;
  /** Ready link tasks whose linked targets are not all the targets they prepared. */
  readonly readyButIncomplete: string[];
  /** Targets of finished tasks that are neither linked nor rolled back (inactive). */
  readonly halfDone: string[];
  /** Per source: active targets of active sessions, and links on the array. */
  readonly perSource: { readonly sourceId: string; readonly targets: number; readonly links: number }[];
  /** Linked targets, and the number expected: targets of ready tasks plus the linked ones of error tasks. */
  readonly linkedTargets: number;
  readonly expectedLinkedTargets: number;
  /** Devices on the arrays with no active controller record (volume or target), and the reverse. */
  readonly devicesWithoutRecord: string[];
  readonly recordsWithoutDevice: string[];
  /**
   * Links on the arrays whose target is not a linked target of the controller, and the reverse
   * (but VNX copy targets whose migration ended, which keep no link).
   */
  readonly linksWithoutTarget: string[];
  readonly linkedTargetsWithoutLink: string[];
}

const LINK_TASK = "LINK SNAPSHOT SESSION TARGETS";

export async function readLedger(dataSource: DataSource, arrayIds: readonly string[]): Promise<Ledger> {
  const q = <T>(sql: string, params: unknown[] = []) => dataSource.query(sql, params) as Promise<T[]>;
  const tasks = await q<{ state: string; n: number }>(
    "SELECT state, count(*)::int AS n FROM tasks WHERE name = $1 GROUP BY state",
    [LINK_TASK],
  );
  const errors = await q<{ details: string; n: number }>(
    `SELECT service_error->>'details' AS details, count(*)::int AS n FROM tasks
      WHERE name = $1 AND state = 'error' GROUP BY 1`,
    [LINK_TASK],
  );
  const readyButIncomplete = await q<{ id: string }>(
    `SELECT t.id FROM tasks t JOIN linked_targets lt ON lt.link_task_id = t.id
      WHERE t.name = $1 AND t.state = 'ready'
      GROUP BY t.id
     HAVING count(*) FILTER (WHERE NOT lt.inactive AND lt.replica_state = 'SYNCHRONIZED') <> count(*)`,
    [LINK_TASK],
  );
  const halfDone = await q<{ id: string }>(
    `SELECT lt.id FROM linked_targets lt JOIN tasks t ON t.id = lt.link_task_id
      WHERE t.state IN ('ready', 'error') AND NOT lt.inactive AND lt.replica_state <> 'SYNCHRONIZED'`,
  );
  const perSource = await q<{ source_id: string; targets: number; links: number }>(
    `SELECT v.id AS source_id,
            (SELECT count(*)::int FROM linked_targets lt JOIN snapshot_sessions s ON s.id = lt.session_id
              WHERE lt.source_volume_id = v.id AND NOT lt.inactive AND NOT s.inactive) AS targets,
            (SELECT count(*)::int FROM sim.links l JOIN storage_systems ss ON ss.native_id = l.array_id
              WHERE ss.id = v.storage_system_id AND l.source_native_id = v.native_id) AS links
       FROM volumes v WHERE NOT v.inactive AND v.native_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM snapshot_sessions s
              WHERE s.source_volume_id = v.id OR s.members @> jsonb_build_array(jsonb_build_object('volumeId', v.id)))`,
  );
  const [linked] = await q<{ n: number }>(
    "SELECT count(*)::int AS n FROM linked_targets WHERE NOT inactive AND replica_state = 'SYNCHRONIZED'",
  );
  const [expected] = await q<{ n: number }>(
    `SELECT (SELECT count(*) FROM linked_targets lt JOIN tasks t ON t.id = lt.link_task_id WHERE t.state = 'ready')
          + (SELECT count(*) FROM linked_targets lt JOIN tasks t ON t.id = lt.link_task_id
              WHERE t.state = 'error' AND NOT lt.inactive AND lt.replica_state = 'SYNCHRONIZED') AS n`,
  );
  const records = `
    SELECT ss.native_id AS array_id, v.native_id FROM volumes v JOIN storage_systems ss ON ss.id = v.storage_system_id
     WHERE NOT v.inactive AND v.native_id IS NOT NULL
    UNION ALL
    SELECT ss.native_id, lt.native_id FROM linked_targets lt JOIN storage_systems ss ON ss.id = lt.storage_system_id
     WHERE NOT lt.inactive AND lt.native_id IS NOT NULL`;
  const devicesWithoutRecord = await q<{ d: string }>(
    `SELECT d.array_id || '/' || d.native_id AS d FROM sim.devices d
      WHERE d.array_id = ANY($1) AND NOT EXISTS (SELECT 1 FROM (${records}) r
        WHERE r.array_id = d.array_id AND r.native_id = d.native_id)`,
    [arrayIds],
  );
  const recordsWithoutDevice = await q<{ d: string }>(
    `SELECT r.array_id || '/' || r.native_id AS d FROM (${records}) r
      WHERE r.array_id = ANY($1) AND NOT EXISTS (SELECT 1 FROM sim.devices d
        WHERE d.array_id = r.array_id AND d.native_id = r.native_id)`,
    [arrayIds],
  );
  const linkedTargets = `
    SELECT ss.native_id AS array_id, lt.native_id, ss.system_type, lt.copy_mode
      FROM linked_targets lt JOIN storage_systems ss ON ss.id = lt.storage_system_id
     WHERE NOT lt.inactive AND lt.replica_state = 'SYNCHRONIZED'`;
  // A VNX copy target whose LUN migration ended is a plain LUN with the mount point's id: its
  // attachment is gone on the array by design.
  const migratedVnxCopy = `
    t.system_type = 'vnxblock' AND t.copy_mode = 'copy' AND EXISTS (SELECT 1 FROM sim.devices d
      WHERE d.array_id = t.array_id AND d.native_id = t.native_id AND d.kind = 'volume' AND d.parent_native_id IS NULL)`;
  const linksWithoutTarget = await q<{ d: string }>(
    `SELECT l.array_id || '/' || l.target_native_id AS d FROM sim.links l
      WHERE l.array_id = ANY($1) AND NOT EXISTS (SELECT 1 FROM (${linkedTargets}) t
        WHERE t.array_id = l.array_id AND t.native_id = l.target_native_id)`,
    [arrayIds],
  );
  const linkedTargetsWithoutLink = await q<{ d: string }>(
    `SELECT t.array_id || '/' || t.native_id AS d FROM (${linkedTargets}) t
      WHERE t.array_id = ANY($1) AND NOT EXISTS (SELECT 1 FROM sim.links l
        WHERE l.array_id = t.array_id AND l.target_native_id = t.native_id)
        AND NOT (${migratedVnxCopy})`,
    [arrayIds],
  );
  return {
    tasks: Object.fromEntries(tasks.map((row) => [row.state, row.n])),
    errors: Object.fromEntries(errors.map((row) => [row.details, row.n])),
    readyButIncomplete: readyButIncomplete.map((row) => row.id),
    halfDone: halfDone.map((row) => row.id),
    perSource: perSource.map((row) => ({ sourceId: row.source_id, targets: row.targets, links: row.links })),
    linkedTargets: linked?.n ?? 0,
    expectedLinkedTargets: Number(expected?.n ?? 0),
    devicesWithoutRecord: devicesWithoutRecord.map((row) => row.d),
    recordsWithoutDevice: recordsWithoutDevice.map((row) => row.d),
    linksWithoutTarget: linksWithoutTarget.map((row) => row.d),
    linkedTargetsWithoutLink: linkedTargetsWithoutLink.map((row) => row.d),
  };
}
