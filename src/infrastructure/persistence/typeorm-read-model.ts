import type { DataSource } from "typeorm";
import type {
  ConsistencyGroupView,
  LinkedTargetView,
  NameCriteria,
  ProjectView,
  ReadableKind,
  ReadModel,
  SessionView,
  StoragePoolView,
  StorageSystemView,
  TaskView,
  TenantView,
  VarrayView,
  VolumeCriteria,
  VolumeView,
  VpoolView,
  WithProject,
} from "../../application/ports/read-model.js";
import {
  consistencyGroupView,
  linkedTargetView,
  poolView,
  projectView,
  type Row,
  sessionView,
  systemView,
  taskView,
  tenantView,
  varrayView,
  volumeView,
  vpoolView,
  withProject,
} from "./read-model-views.js";

/*
 * The read side: one plain SQL query per view, no aggregates. Lists hold active rows only,
 * oldest first (creation time, then id); lookups by id return inactive rows too. The reads of a
 * read route (`…WithProject`) carry the resource's project as one JSON column, so that the
 * route's checks and its representation come from one query.
 */

// The linked targets' ids as one comma-separated text (URNs hold no commas): a session may have
// a thousand, and splitting one string costs a fraction of parsing a Postgres text[] (measured
// from a client: ~12 ms against ~20-28 ms for a thousand ids on a busy machine). Ties of
// creation time are ordered by id in byte order (COLLATE "C"), the order JavaScript sorts them
// in, whatever the database's collation (it was no faster to sort on this machine's C.UTF-8).
const LINKED_TARGET_IDS = `
  (SELECT string_agg(t.id, ',' ORDER BY t.creation_time, t.id COLLATE "C") FROM linked_targets t
    WHERE t.session_id = s.id AND NOT t.inactive AND t.replica_state = 'SYNCHRONIZED') AS linked_target_ids`;

const SESSION_SELECT = `SELECT s.*, ${LINKED_TARGET_IDS} FROM snapshot_sessions s`;

const VOLUME_SELECT = `
  SELECT v.*, ss.system_type FROM volumes v JOIN storage_systems ss ON ss.id = v.storage_system_id`;

/** A target's columns besides its own: its source's native id, its session's group. */
const TARGET_COLUMNS = `t.*, v.native_id AS source_native_id,
  (SELECT s.consistency_group_id FROM snapshot_sessions s WHERE s.id = t.session_id) AS consistency_group_id`;

const TARGET_SELECT = `
  SELECT ${TARGET_COLUMNS} FROM linked_targets t LEFT JOIN volumes v ON v.id = t.source_volume_id`;

// A group's active volumes, as the linked targets of a session above.
const CONSISTENCY_GROUP_SELECT = `
  SELECT g.*, (SELECT string_agg(v.id, ',' ORDER BY v.creation_time, v.id COLLATE "C") FROM volumes v
    WHERE v.consistency_group_id = g.id AND NOT v.inactive) AS volume_ids
  FROM consistency_groups g`;

/** The resource's project as one JSON column, for the reads that check it (`alias`: the resource's table). */
const PROJECT_COLUMN = (alias: string) =>
  `(SELECT to_jsonb(p) FROM projects p WHERE p.id = ${alias}.project_id) AS project_row`;

const TABLES: Readonly<Record<ReadableKind, string>> = {
  volume: "volumes",
  session: "snapshot_sessions",
  linkedTarget: "linked_targets",
  consistencyGroup: "consistency_groups",
};

/** `$1`: a name prefix matched whatever the case (lower() on both sides, as the real controller's index); `$2`: a project. */
const NAME_CRITERIA = (name: string, project: string) =>
  `($1::text IS NULL OR starts_with(lower(${name}), lower($1))) AND ($2::text IS NULL OR ${project} = $2)`;

function nameParameters(criteria: NameCriteria): [string | null, string | null] {
  return [criteria.namePrefix ?? null, criteria.projectId ?? null];
}

export class TypeOrmReadModel implements ReadModel {
  constructor(private readonly dataSource: DataSource) {}

  async tenant(id: string): Promise<TenantView | null> {
    return this.one("SELECT * FROM tenants WHERE id = $1", [id], tenantView);
  }

  async projectsOfTenant(tenantId: string): Promise<ProjectView[]> {
    return this.many(
      "SELECT * FROM projects WHERE tenant_id = $1 AND NOT inactive ORDER BY creation_time, id",
      [tenantId],
      projectView,
    );
  }

  async project(id: string): Promise<ProjectView | null> {
    return this.one("SELECT * FROM projects WHERE id = $1", [id], projectView);
  }

  async storageSystems(): Promise<StorageSystemView[]> {
    return this.many("SELECT * FROM storage_systems WHERE NOT inactive ORDER BY creation_time, id", [], systemView);
  }

  async storageSystem(id: string): Promise<StorageSystemView | null> {
    return this.one("SELECT * FROM storage_systems WHERE id = $1", [id], systemView);
  }

  async storagePoolsOf(storageSystemId: string): Promise<StoragePoolView[]> {
    return this.many(
      "SELECT * FROM storage_pools WHERE storage_system_id = $1 AND NOT inactive ORDER BY creation_time, id",
      [storageSystemId],
      poolView,
    );
  }

  async varrays(): Promise<VarrayView[]> {
    return this.many("SELECT * FROM varrays WHERE NOT inactive ORDER BY creation_time, id", [], varrayView);
  }

  async vpools(): Promise<VpoolView[]> {
    return this.many("SELECT * FROM vpools WHERE NOT inactive ORDER BY creation_time, id", [], vpoolView);
  }

  async vpool(id: string): Promise<VpoolView | null> {
    return this.one("SELECT * FROM vpools WHERE id = $1", [id], vpoolView);
  }

  async volume(id: string): Promise<VolumeView | null> {
    return this.one(`${VOLUME_SELECT} WHERE v.id = $1`, [id], volumeView);
  }

  async findVolumes(criteria: VolumeCriteria): Promise<VolumeView[]> {
    return this.many(
      `${VOLUME_SELECT} WHERE NOT v.inactive AND ${NAME_CRITERIA("v.name", "v.project_id")}
         AND ($3::text IS NULL OR upper(v.wwn) = upper($3)) AND ($4::text IS NULL OR v.varray_id = $4)
       ORDER BY v.creation_time, v.id`,
      [...nameParameters(criteria), criteria.wwn ?? null, criteria.varrayId ?? null],
      volumeView,
    );
  }

  async sessionsOfVolume(volumeId: string): Promise<SessionView[]> {
    return this.many(
      `${SESSION_SELECT} WHERE s.source_volume_id = $1 AND s.consistency_group_id IS NULL AND NOT s.inactive
         ORDER BY s.creation_time, s.id`,
      [volumeId],
      sessionView,
    );
  }

  async session(id: string): Promise<SessionView | null> {
    return this.one(`${SESSION_SELECT} WHERE s.id = $1`, [id], sessionView);
  }

  async linkedTarget(id: string): Promise<LinkedTargetView | null> {
    return this.one(`${TARGET_SELECT} WHERE t.id = $1`, [id], linkedTargetView);
  }

  async volumeWithProject(id: string): Promise<WithProject<VolumeView> | null> {
    return this.one(
      `SELECT v.*, ss.system_type, ${PROJECT_COLUMN("v")}
         FROM volumes v JOIN storage_systems ss ON ss.id = v.storage_system_id WHERE v.id = $1`,
      [id],
      withProject(volumeView),
    );
  }

  async sessionWithProject(id: string): Promise<WithProject<SessionView> | null> {
    return this.one(
      `SELECT s.*, ${LINKED_TARGET_IDS}, ${PROJECT_COLUMN("s")} FROM snapshot_sessions s WHERE s.id = $1`,
      [id],
      withProject(sessionView),
    );
  }

  async linkedTargetWithProject(id: string): Promise<WithProject<LinkedTargetView> | null> {
    return this.one(
      `SELECT ${TARGET_COLUMNS}, ${PROJECT_COLUMN("t")}
         FROM linked_targets t LEFT JOIN volumes v ON v.id = t.source_volume_id WHERE t.id = $1`,
      [id],
      withProject(linkedTargetView),
    );
  }

  async consistencyGroup(id: string): Promise<ConsistencyGroupView | null> {
    return this.one(`${CONSISTENCY_GROUP_SELECT} WHERE g.id = $1`, [id], consistencyGroupView);
  }

  async consistencyGroupWithProject(id: string): Promise<WithProject<ConsistencyGroupView> | null> {
    return this.one(
      `SELECT q.*, ${PROJECT_COLUMN("q")} FROM (${CONSISTENCY_GROUP_SELECT} WHERE g.id = $1) q`,
      [id],
      withProject(consistencyGroupView),
    );
  }

  async consistencyGroupsByIds(ids: readonly string[]): Promise<ConsistencyGroupView[]> {
    return this.many(`${CONSISTENCY_GROUP_SELECT} WHERE g.id = ANY($1::text[])`, [ids], consistencyGroupView);
  }

  async findConsistencyGroups(criteria: NameCriteria): Promise<ConsistencyGroupView[]> {
    return this.many(
      `${CONSISTENCY_GROUP_SELECT} WHERE NOT g.inactive AND ${NAME_CRITERIA("g.name", "g.project_id")}
       ORDER BY g.creation_time, g.id`,
      nameParameters(criteria),
      consistencyGroupView,
    );
  }

  async task(id: string): Promise<TaskView | null> {
    return this.one("SELECT * FROM tasks WHERE id = $1", [id], taskView);
  }

  /** `opId` may also be the task's own id, as ViPR accepts in `…/tasks/{op_id}`. */
  async taskOfResource(resourceId: string, opId: string): Promise<TaskView | null> {
    return this.one(
      "SELECT * FROM tasks WHERE resource_id = $1 AND (op_id = $2 OR id = $2) ORDER BY start_time DESC, id LIMIT 1",
      [resourceId, opId],
      taskView,
    );
  }

  async sessionsOfConsistencyGroup(groupId: string): Promise<SessionView[]> {
    return this.many(
      `${SESSION_SELECT} WHERE s.consistency_group_id = $1 AND NOT s.inactive ORDER BY s.creation_time, s.id`,
      [groupId],
      sessionView,
    );
  }

  async linkedTargetsOfConsistencyGroup(groupId: string): Promise<LinkedTargetView[]> {
    return this.many(
      `${TARGET_SELECT} WHERE t.session_id IN (SELECT id FROM snapshot_sessions WHERE consistency_group_id = $1)
         ORDER BY NOT t.inactive, t.creation_time, t.id`,
      [groupId],
      linkedTargetView,
    );
  }

  async linkedTargetsOfVolume(volumeId: string): Promise<LinkedTargetView[]> {
    return this.many(
      `${TARGET_SELECT} WHERE t.source_volume_id = $1 AND NOT t.inactive ORDER BY t.creation_time, t.id`,
      [volumeId],
      linkedTargetView,
    );
  }

  async tasksOfResource(resourceId: string): Promise<TaskView[]> {
    return this.many("SELECT * FROM tasks WHERE resource_id = $1 ORDER BY start_time, id", [resourceId], taskView);
  }

  async tasksOfTenant(tenantId: string, limit: number): Promise<TaskView[]> {
    return this.many(
      "SELECT * FROM tasks WHERE tenant_id = $1 ORDER BY start_time DESC, id DESC LIMIT $2",
      [tenantId, limit],
      taskView,
    );
  }

  async activeIds(kind: ReadableKind): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM ${TABLES[kind]} WHERE NOT inactive ORDER BY creation_time, id`,
    );
    return rows.map((row) => row.id);
  }

  async sessionsByIds(ids: readonly string[]): Promise<SessionView[]> {
    return this.many(`${SESSION_SELECT} WHERE s.id = ANY($1::text[])`, [ids], sessionView);
  }

  async volumesByIds(ids: readonly string[]): Promise<VolumeView[]> {
    return this.many(`${VOLUME_SELECT} WHERE v.id = ANY($1::text[])`, [ids], volumeView);
  }

  async linkedTargetsByIds(ids: readonly string[]): Promise<LinkedTargetView[]> {
    return this.many(`${TARGET_SELECT} WHERE t.id = ANY($1::text[])`, [ids], linkedTargetView);
  }

  async findSessions(criteria: NameCriteria): Promise<SessionView[]> {
    return this.many(
      `${SESSION_SELECT} WHERE NOT s.inactive AND ${NAME_CRITERIA("s.label", "s.project_id")}
       ORDER BY s.creation_time, s.id`,
      nameParameters(criteria),
      sessionView,
    );
  }

  async findLinkedTargets(criteria: NameCriteria): Promise<LinkedTargetView[]> {
    return this.many(
      `${TARGET_SELECT} WHERE NOT t.inactive AND ${NAME_CRITERIA("t.label", "t.project_id")}
       ORDER BY t.creation_time, t.id`,
      nameParameters(criteria),
      linkedTargetView,
    );
  }

  private async one<T>(sql: string, params: unknown[], view: (row: Row) => T): Promise<T | null> {
    const rows: Row[] = await this.dataSource.query(sql, params);
    const row = rows[0];
    return row === undefined ? null : view(row);
  }

  private async many<T>(sql: string, params: unknown[], view: (row: Row) => T): Promise<T[]> {
    const rows: Row[] = await this.dataSource.query(sql, params);
    return rows.map(view);
  }
}
