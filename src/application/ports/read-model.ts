import type { CopyMode } from "../../domain/snapshots/copy-mode.js";
import type { LinkState } from "../../domain/snapshots/link-state.js";
import type { ReplicaState } from "../../domain/snapshots/linked-target.js";
import type { ResourceRef, TaskServiceError, TaskState } from "../../domain/tasks/task.js";
import type { ProjectAcl } from "../../domain/tenancy/project.js";

/*
 * Plain read-side views for the API's GET endpoints: one query each, no aggregates.
 * Every view carries what the representation needs and the tenant/project facts that
 * access checks need. `null` means "no such id".
 */

export interface TenantView {
  readonly id: string;
  readonly name: string;
  readonly parentTenantId: string | null;
  readonly creationTime: number;
}

export interface ProjectView {
  readonly id: string;
  readonly name: string;
  readonly tenantId: string;
  readonly owner: string;
  readonly acls: readonly ProjectAcl[];
  readonly inactive: boolean;
  readonly creationTime: number;
}

export interface StorageSystemView {
  readonly id: string;
  readonly name: string;
  readonly systemType: string;
  readonly nativeId: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly creationTime: number;
}

export interface StoragePoolView {
  readonly id: string;
  readonly name: string;
  readonly storageSystemId: string;
  readonly nativeId: string;
  readonly creationTime: number;
}

export interface VarrayView {
  readonly id: string;
  readonly name: string;
  readonly creationTime: number;
}

export interface VpoolView {
  readonly id: string;
  readonly name: string;
  readonly systemType: string;
  readonly varrayIds: readonly string[];
  readonly maxSnapshots: number;
  readonly multiVolumeConsistency: boolean;
  readonly creationTime: number;
}

export interface VolumeView {
  readonly id: string;
  readonly name: string;
  readonly projectId: string;
  readonly tenantId: string;
  readonly storageSystemId: string;
  readonly systemType: string;
  readonly storagePoolId: string;
  readonly varrayId: string;
  readonly vpoolId: string;
  readonly capacityBytes: number;
  readonly consistencyGroupId: string | null;
  readonly nativeId: string | null;
  readonly wwn: string | null;
  readonly deviceLabel: string | null;
  readonly inactive: boolean;
  readonly creationTime: number;
}

export interface ConsistencyGroupView {
  readonly id: string;
  readonly name: string;
  readonly projectId: string;
  readonly tenantId: string;
  readonly arrayConsistency: boolean;
  readonly storageSystemId: string | null;
  readonly types: readonly string[];
  readonly systemConsistencyGroups: readonly { readonly storageSystemId: string; readonly groupName: string }[];
  /** Ids of the active volumes in the group, oldest first. */
  readonly volumeIds: readonly string[];
  readonly inactive: boolean;
  readonly creationTime: number;
}

export interface SessionView {
  readonly id: string;
  readonly name: string;
  /** The source volume; a group session's first member. */
  readonly sourceVolumeId: string;
  /** The group of a group session (which shows no parent); null for a volume's session. */
  readonly consistencyGroupId: string | null;
  readonly projectId: string;
  readonly tenantId: string;
  readonly storageSystemId: string;
  readonly varrayId: string;
  readonly nativeId: string | null;
  readonly deviceLabel: string | null;
  readonly inactive: boolean;
  readonly creationTime: number;
  /** Ids of the active targets whose link completed, oldest first. */
  readonly linkedTargetIds: readonly string[];
}

export interface LinkedTargetView {
  readonly id: string;
  readonly name: string;
  /** The name of the set the target was made in: its own name unless a group link made it. */
  readonly snapsetLabel: string;
  readonly sessionId: string;
  /** The group of the target's session when it is a group session, else null. */
  readonly consistencyGroupId: string | null;
  readonly sourceVolumeId: string;
  readonly sourceNativeId: string | null;
  readonly projectId: string;
  readonly tenantId: string;
  readonly storageSystemId: string;
  readonly varrayId: string;
  readonly capacityBytes: number;
  readonly copyMode: CopyMode;
  readonly replicaState: ReplicaState;
  readonly nativeId: string | null;
  readonly wwn: string | null;
  readonly deviceLabel: string | null;
  readonly linkState: LinkState;
  readonly inactive: boolean;
  readonly creationTime: number;
}

export interface TaskView {
  readonly id: string;
  readonly opId: string;
  readonly name: string;
  readonly description: string;
  readonly resource: ResourceRef;
  readonly tenantId: string;
  readonly associatedResources: readonly ResourceRef[];
  readonly state: TaskState;
  readonly message: string | null;
  readonly progress: number;
  readonly serviceError: TaskServiceError | null;
  readonly startTime: number;
  readonly endTime: number | null;
  readonly queuedStartTime: number | null;
}

/**
 * A project-owned resource with its project, read in one query for a read route's checks: the
 * project is null when its row is missing.
 */
export interface WithProject<T> {
  readonly resource: T;
  readonly project: ProjectView | null;
}

export interface ReadModel {
  tenant(id: string): Promise<TenantView | null>;
  projectsOfTenant(tenantId: string): Promise<ProjectView[]>;
  project(id: string): Promise<ProjectView | null>;
  storageSystems(): Promise<StorageSystemView[]>;
  storageSystem(id: string): Promise<StorageSystemView | null>;
  storagePoolsOf(storageSystemId: string): Promise<StoragePoolView[]>;
  varrays(): Promise<VarrayView[]>;
  vpools(): Promise<VpoolView[]>;
  vpool(id: string): Promise<VpoolView | null>;
  volume(id: string): Promise<VolumeView | null>;
  /** Active volumes meeting every given criterion (all of them, with none), oldest first. */
  findVolumes(criteria: VolumeCriteria): Promise<VolumeView[]>;
  /** Active sessions whose source is the volume. */
  sessionsOfVolume(volumeId: string): Promise<SessionView[]>;
  session(id: string): Promise<SessionView | null>;
  linkedTarget(id: string): Promise<LinkedTargetView | null>;
  /** {@link volume}, {@link session} and {@link linkedTarget} with the resource's project, in one query. */
  volumeWithProject(id: string): Promise<WithProject<VolumeView> | null>;
  sessionWithProject(id: string): Promise<WithProject<SessionView> | null>;
  linkedTargetWithProject(id: string): Promise<WithProject<LinkedTargetView> | null>;
  consistencyGroup(id: string): Promise<ConsistencyGroupView | null>;
  consistencyGroupWithProject(id: string): Promise<WithProject<ConsistencyGroupView> | null>;
  /** The groups with those ids (inactive ones too), in no particular order; unknown ids are skipped. */
  consistencyGroupsByIds(ids: readonly string[]): Promise<ConsistencyGroupView[]>;
  /** Active groups meeting every given criterion, oldest first. */
  findConsistencyGroups(criteria: NameCriteria): Promise<ConsistencyGroupView[]>;
  task(id: string): Promise<TaskView | null>;
  /** The task of that resource with that op_id. */
  taskOfResource(resourceId: string, opId: string): Promise<TaskView | null>;
  /** The active sessions of a consistency group, oldest first. */
  sessionsOfConsistencyGroup(groupId: string): Promise<SessionView[]>;
  /** The targets of a consistency group's sessions, inactive ones first, each part oldest first. */
  linkedTargetsOfConsistencyGroup(groupId: string): Promise<LinkedTargetView[]>;
  /** Active linked targets (linked or being linked) whose source is the volume. */
  linkedTargetsOfVolume(volumeId: string): Promise<LinkedTargetView[]>;
  /** Every task whose resource is the given one, oldest first. */
  tasksOfResource(resourceId: string): Promise<TaskView[]>;
  /** The tenant's tasks, newest first, at most `limit`. */
  tasksOfTenant(tenantId: string, limit: number): Promise<TaskView[]>;
  /** Ids of every active resource of the kind, of every tenant, oldest first. */
  activeIds(kind: ReadableKind): Promise<string[]>;
  /** The sessions with those ids (inactive ones too), in no particular order; unknown ids are skipped. */
  sessionsByIds(ids: readonly string[]): Promise<SessionView[]>;
  /** The volumes with those ids (inactive ones too), in no particular order; unknown ids are skipped. */
  volumesByIds(ids: readonly string[]): Promise<VolumeView[]>;
  /** The linked targets with those ids (inactive ones too), in no particular order; unknown ids are skipped. */
  linkedTargetsByIds(ids: readonly string[]): Promise<LinkedTargetView[]>;
  /** Active sessions meeting every given criterion, oldest first. */
  findSessions(criteria: NameCriteria): Promise<SessionView[]>;
  /** Active linked targets meeting every given criterion, oldest first. */
  findLinkedTargets(criteria: NameCriteria): Promise<LinkedTargetView[]>;
}

/** The project-owned resources the block API reads by id, in bulk and by search. */
export type ReadableKind = "volume" | "session" | "linkedTarget" | "consistencyGroup";

/** What a search asks of names and projects; absent criteria match everything. */
export interface NameCriteria {
  /** The name starts with it, whatever the case of either. */
  readonly namePrefix?: string;
  readonly projectId?: string;
}

export interface VolumeCriteria extends NameCriteria {
  /** The device's WWN, whatever its case. */
  readonly wwn?: string;
  readonly varrayId?: string;
}

export const READ_MODEL = Symbol("ReadModel");
