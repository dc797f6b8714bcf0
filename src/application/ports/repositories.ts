import type { BlockConsistencyGroup } from "../../domain/consistency-groups/block-consistency-group.js";
import type { BlockSnapshotSession } from "../../domain/snapshots/block-snapshot-session.js";
import type { LinkedTarget } from "../../domain/snapshots/linked-target.js";
import type { Volume } from "../../domain/storage/volume.js";
import type { Task } from "../../domain/tasks/task.js";
import type { Project } from "../../domain/tenancy/project.js";

/*
 * Repositories load and store aggregates inside the transaction of the unit of work that
 * handed them out. `save` is an optimistic update: it raises ConcurrencyConflict when the
 * stored version is no longer the one the aggregate was loaded with, and stores version + 1.
 * Save an aggregate at most once per transaction; reload it to change it again.
 */

export interface SessionRepository {
  findById(id: string): Promise<BlockSnapshotSession | null>;
  add(session: BlockSnapshotSession): Promise<void>;
  save(session: BlockSnapshotSession): Promise<void>;
}

/** How far the targets of one link task (active or not) have come, counted without loading them. */
export interface LinkTaskTally {
  readonly targets: number;
  /** Targets whose link is complete (replica state SYNCHRONIZED). */
  readonly synchronized: number;
  /** The copied percentages of the copy-mode targets not synchronized yet, added up. */
  readonly copyingPercentSum: number;
}

export interface LinkedTargetRepository {
  findById(id: string): Promise<LinkedTarget | null>;
  /** The targets with these ids, in one read, in no particular order; ids of no target are left out. */
  findByIds(ids: readonly string[]): Promise<LinkedTarget[]>;
  /** Every target, active or not, that the given link task prepared. */
  findByLinkTask(taskId: string): Promise<LinkedTarget[]>;
  /** The tally of the targets {@link findByLinkTask} would load: one aggregate read, whatever their number. */
  tallyLinkTask(taskId: string): Promise<LinkTaskTally>;
  /** The session's active targets, linked or being linked, oldest first. */
  findActiveBySession(sessionId: string): Promise<LinkedTarget[]>;
  addAll(targets: readonly LinkedTarget[]): Promise<void>;
  save(target: LinkedTarget): Promise<void>;
  /**
   * {@link save} for many targets in one statement: all are stored, each only while its row
   * still has the version it was loaded with, or none is (ConcurrencyConflict).
   */
  saveAll(targets: readonly LinkedTarget[]): Promise<void>;
}

export interface VolumeRepository {
  findById(id: string): Promise<Volume | null>;
  /**
   * Those of `names` that an active volume of the project has, whatever the case, as asked.
   * Holds each name (any case) in the project until commit, so that two transactions cannot both
   * find a name free and then both take it.
   */
  claimNames(projectId: string, names: readonly string[]): Promise<string[]>;
  /** The active volumes of a consistency group, oldest first. */
  findActiveInConsistencyGroup(groupId: string): Promise<Volume[]>;
  add(volume: Volume): Promise<void>;
  save(volume: Volume): Promise<void>;
}

export interface TaskRepository {
  findById(id: string): Promise<Task | null>;
  /** Queued or pending tasks whose resource, or one of whose associated resources, is the given one. */
  findUnfinishedOn(resourceId: string): Promise<Task[]>;
  add(task: Task): Promise<void>;
  save(task: Task): Promise<void>;
  /**
   * Raises a pending task's progress to `progress` (see Task.progressOf) in one conditional
   * update: never lowers it, leaves queued and finished tasks alone, bumps the version when it
   * changes. It cannot conflict, so steps running side by side for one task use it instead of
   * loading and saving the task, and may do so in the transaction of their own change.
   */
  raiseProgress(taskId: string, progress: number): Promise<void>;
}

export interface ProjectRepository {
  findById(id: string): Promise<Project | null>;
  /** An active project of that tenant with that name, compared case-insensitively. */
  findActiveByName(tenantId: string, name: string): Promise<Project | null>;
  add(project: Project): Promise<void>;
  save(project: Project): Promise<void>;
  /**
   * The project, its row locked until commit: `share` while volumes are created in it, `update`
   * while it is deactivated, so a deactivation never misses a volume created concurrently.
   */
  findLocked(id: string, mode: "share" | "update"): Promise<Project | null>;
  /** Whether an active volume belongs to the project. */
  /**
   * The type of an active resource that refers to the project, volumes first, then consistency
   * groups; null when none does.
   */
  activeReferenceType(projectId: string): Promise<"Volume" | "BlockConsistencyGroup" | null>;
}

/** What a link request reads of its source volume, with the source row locked until commit. */
export interface SourceLinkUsage {
  readonly sourceVolumeName: string;
  readonly linkedOrLinkingTargets: number;
  readonly labelsInUse: readonly string[];
  /** Active snapshot sessions of the source. */
  readonly activeSessions: number;
  /**
   * Active targets of the source whose link has not completed: each is an array snapshot of
   * the source that is in no session's `linked_targets`, which the real controller counts
   * with the sessions against the source's snapshot limits.
   */
  readonly targetsBeingLinked: number;
}

export interface SourceVolumeLocks {
  /**
   * Locks the source volume row (`SELECT … FOR UPDATE`) for the rest of the transaction,
   * then counts the active targets of the source's active sessions and collects the labels
   * in use. Concurrent link requests for one source are serialized by this lock, in every
   * API process, so together they cannot exceed the source's limit.
   */
  lockForLinking(sourceVolumeId: string): Promise<SourceLinkUsage>;
}

export interface TenantDirectory {
  exists(tenantId: string): Promise<boolean>;
}

export interface ConsistencyGroupRepository {
  findById(id: string): Promise<BlockConsistencyGroup | null>;
  /**
   * The group, its row locked until commit: `share` while volumes are made in it, `update`
   * while it is deleted, so a deletion never misses a volume made in it concurrently.
   */
  findLocked(id: string, mode: "share" | "update"): Promise<BlockConsistencyGroup | null>;
  /**
   * Whether an active group of any project has this name, whatever the case. Holds the name
   * (any case) until commit, so that two transactions cannot both find it free and take it.
   */
  claimName(name: string): Promise<boolean>;
  /** How many active volumes are in the group. */
  countActiveVolumes(groupId: string): Promise<number>;
  add(group: BlockConsistencyGroup): Promise<void>;
  save(group: BlockConsistencyGroup): Promise<void>;
}
