import type {
  ConsistencyGroupView,
  LinkedTargetView,
  NameCriteria,
  ProjectView,
  ReadableKind,
  ReadModel,
  SessionView,
  TaskView,
  VolumeCriteria,
  VolumeView,
} from "../../../src/application/ports/read-model.js";
import type { BlockConsistencyGroupState } from "../../../src/domain/consistency-groups/block-consistency-group.js";
import type { SessionState } from "../../../src/domain/snapshots/block-snapshot-session.js";
import type { LinkedTargetState } from "../../../src/domain/snapshots/linked-target.js";
import type { VolumeState } from "../../../src/domain/storage/volume.js";
import type { TaskRecordState } from "../../../src/domain/tasks/task.js";
import type { ProjectState } from "../../../src/domain/tenancy/project.js";
import type { InMemoryStore } from "./in-memory-store.js";

/** The API's read side over the committed content of an {@link InMemoryStore}. */
export class InMemoryReadModel implements ReadModel {
  constructor(private readonly store: InMemoryStore) {}

  async tenant(id: string) {
    return this.store.tenants.get(id) ?? null;
  }

  async projectsOfTenant(tenantId: string) {
    return [...this.store.projects.values()].filter((p) => p.tenantId === tenantId).map(projectView);
  }

  async project(id: string) {
    const project = this.store.projects.get(id);
    return project ? projectView(project) : null;
  }

  async storageSystems() {
    return [...this.store.storageSystems.values()];
  }

  async storageSystem(id: string) {
    return this.store.storageSystems.get(id) ?? null;
  }

  async storagePoolsOf(storageSystemId: string) {
    return [...this.store.storagePools.values()]
      .filter((pool) => pool.storageSystemId === storageSystemId)
      .map(({ varrayIds: _varrays, ...pool }) => pool);
  }

  async varrays() {
    return [...this.store.varrays.values()];
  }

  async vpools() {
    return [...this.store.vpools.values()];
  }

  async vpool(id: string) {
    return this.store.vpools.get(id) ?? null;
  }

  async volume(id: string) {
    const volume = this.store.volumes.get(id);
    return volume ? this.volumeView(volume) : null;
  }

  async findVolumes(criteria: VolumeCriteria) {
    return [...this.store.volumes.values()]
      .map((v) => this.volumeView(v))
      .filter(
        (v) =>
          !v.inactive &&
          meets(criteria, v.name, v.projectId) &&
          (criteria.wwn === undefined || v.wwn?.toUpperCase() === criteria.wwn.toUpperCase()) &&
          (criteria.varrayId === undefined || v.varrayId === criteria.varrayId),
      )
      .sort(byCreation);
  }

  async sessionsOfVolume(volumeId: string) {
    return [...this.store.sessions.values()]
      .filter((s) => s.source.volumeId === volumeId && !s.consistencyGroupId && !s.inactive)
      .map((s) => this.sessionView(s));
  }

  async session(id: string) {
    const session = this.store.sessions.get(id);
    return session ? this.sessionView(session) : null;
  }

  async linkedTarget(id: string) {
    const target = this.store.targets.get(id);
    return target ? this.targetView(target) : null;
  }

  async consistencyGroup(id: string) {
    const group = this.store.consistencyGroups.get(id);
    return group ? this.groupView(group) : null;
  }

  async consistencyGroupWithProject(id: string) {
    return this.withProject(await this.consistencyGroup(id));
  }

  async consistencyGroupsByIds(ids: readonly string[]) {
    return ids.flatMap((id) => {
      const group = this.store.consistencyGroups.get(id);
      return group ? [this.groupView(group)] : [];
    });
  }

  async findConsistencyGroups(criteria: NameCriteria) {
    return [...this.store.consistencyGroups.values()]
      .map((g) => this.groupView(g))
      .filter((g) => !g.inactive && meets(criteria, g.name, g.projectId))
      .sort(byCreation);
  }

  async volumeWithProject(id: string) {
    return this.withProject(await this.volume(id));
  }

  async sessionWithProject(id: string) {
    return this.withProject(await this.session(id));
  }

  async linkedTargetWithProject(id: string) {
    return this.withProject(await this.linkedTarget(id));
  }

  private async withProject<T extends { readonly projectId: string }>(resource: T | null) {
    return resource ? { resource, project: await this.project(resource.projectId) } : null;
  }

  async task(id: string) {
    const task = this.store.tasks.get(id);
    return task ? taskView(task) : null;
  }

  async taskOfResource(resourceId: string, opId: string) {
    const task = [...this.store.tasks.values()].find((t) => t.resource.id === resourceId && t.opId === opId);
    return task ? taskView(task) : null;
  }

  async sessionsOfConsistencyGroup(groupId: string) {
    return [...this.store.sessions.values()]
      .filter((s) => s.consistencyGroupId === groupId && !s.inactive)
      .sort((a, b) => a.creationTime - b.creationTime)
      .map((s) => this.sessionView(s));
  }

  async linkedTargetsOfConsistencyGroup(groupId: string) {
    const sessionIds = new Set(
      [...this.store.sessions.values()].filter((s) => s.consistencyGroupId === groupId).map((s) => s.id),
    );
    return [...this.store.targets.values()]
      .filter((t) => sessionIds.has(t.sessionId))
      .sort((a, b) => Number(!a.inactive) - Number(!b.inactive) || a.creationTime - b.creationTime)
      .map((t) => this.targetView(t));
  }

  async linkedTargetsOfVolume(volumeId: string) {
    return [...this.store.targets.values()]
      .filter((t) => t.sourceVolumeId === volumeId && !t.inactive)
      .sort((a, b) => a.creationTime - b.creationTime)
      .map((t) => this.targetView(t));
  }

  async tasksOfResource(resourceId: string) {
    return [...this.store.tasks.values()]
      .filter((t) => t.resource.id === resourceId)
      .sort((a, b) => a.startTime - b.startTime)
      .map(taskView);
  }

  async tasksOfTenant(tenantId: string, limit: number) {
    return [...this.store.tasks.values()]
      .filter((t) => t.tenantId === tenantId)
      .sort((a, b) => b.startTime - a.startTime)
      .slice(0, limit)
      .map(taskView);
  }

  async activeIds(kind: ReadableKind) {
    const all = {
      volume: this.store.volumes,
      session: this.store.sessions,
      linkedTarget: this.store.targets,
      consistencyGroup: this.store.consistencyGroups,
    }[kind];
    return [...all.values()]
      .filter((r) => !r.inactive)
      .sort(byCreation)
      .map((r) => r.id);
  }

  async sessionsByIds(ids: readonly string[]) {
    return ids.flatMap((id) => {
      const session = this.store.sessions.get(id);
      return session ? [this.sessionView(session)] : [];
    });
  }

  async volumesByIds(ids: readonly string[]) {
    return ids.flatMap((id) => {
      const volume = this.store.volumes.get(id);
      return volume ? [this.volumeView(volume)] : [];
    });
  }

  async linkedTargetsByIds(ids: readonly string[]) {
    return ids.flatMap((id) => {
      const target = this.store.targets.get(id);
      return target ? [this.targetView(target)] : [];
    });
  }

  async findSessions(criteria: NameCriteria) {
    return [...this.store.sessions.values()]
      .map((s) => this.sessionView(s))
      .filter((s) => !s.inactive && meets(criteria, s.name, s.projectId))
      .sort(byCreation);
  }

  async findLinkedTargets(criteria: NameCriteria) {
    return [...this.store.targets.values()]
      .map((t) => this.targetView(t))
      .filter((t) => !t.inactive && meets(criteria, t.name, t.projectId))
      .sort(byCreation);
  }

  private volumeView(volume: VolumeState): VolumeView {
    const { placement, device } = volume;
    return {
      id: volume.id,
      name: volume.name,
      ...placement,
      systemType: this.store.storageSystems.get(placement.storageSystemId)?.systemType ?? "",
      capacityBytes: volume.capacityBytes,
      consistencyGroupId: volume.consistencyGroupId,
      nativeId: device?.nativeId ?? null,
      wwn: device?.wwn ?? null,
      deviceLabel: device?.deviceLabel ?? null,
      inactive: volume.inactive,
      creationTime: volume.creationTime,
    };
  }

  private groupView(group: BlockConsistencyGroupState): ConsistencyGroupView {
    const { version: _version, requestedTypes: _requested, ...state } = group;
    const volumeIds = [...this.store.volumes.values()]
      .filter((v) => v.consistencyGroupId === group.id && !v.inactive)
      .sort(byCreation)
      .map((v) => v.id);
    return { ...state, volumeIds };
  }

  private sessionView(session: SessionState): SessionView {
    const linked = [...this.store.targets.values()]
      .filter((t) => t.sessionId === session.id && !t.inactive && t.replicaState === "SYNCHRONIZED")
      .sort((a, b) => a.creationTime - b.creationTime);
    return {
      id: session.id,
      name: session.label,
      sourceVolumeId: session.source.volumeId,
      consistencyGroupId: session.consistencyGroupId ?? null,
      projectId: session.source.projectId,
      tenantId: session.source.tenantId,
      storageSystemId: session.source.storageSystemId,
      varrayId: session.source.varrayId,
      nativeId: session.arraySnapshot?.nativeId ?? null,
      deviceLabel: session.arraySnapshot?.deviceLabel ?? null,
      inactive: session.inactive,
      creationTime: session.creationTime,
      linkedTargetIds: linked.map((t) => t.id),
    };
  }

  private targetView(target: LinkedTargetState): LinkedTargetView {
    return {
      id: target.id,
      name: target.label,
      snapsetLabel: target.snapsetLabel ?? target.label,
      sessionId: target.sessionId,
      consistencyGroupId: this.store.sessions.get(target.sessionId)?.consistencyGroupId ?? null,
      sourceVolumeId: target.sourceVolumeId,
      sourceNativeId: this.store.volumes.get(target.sourceVolumeId)?.device?.nativeId ?? null,
      projectId: target.projectId,
      tenantId: target.tenantId,
      storageSystemId: target.storageSystemId,
      varrayId: target.varrayId,
      capacityBytes: target.capacityBytes,
      copyMode: target.copyMode,
      replicaState: target.replicaState,
      nativeId: target.device?.nativeId ?? null,
      wwn: target.device?.wwn ?? null,
      deviceLabel: target.device?.deviceLabel ?? null,
      linkState: target.linkState,
      inactive: target.inactive,
      creationTime: target.creationTime,
    };
  }
}

function meets(criteria: NameCriteria, name: string, projectId: string): boolean {
  const prefix = criteria.namePrefix?.toLowerCase();
  return (
    (prefix === undefined || name.toLowerCase().startsWith(prefix)) &&
    (criteria.projectId === undefined || projectId === criteria.projectId)
  );
}

function byCreation(a: { readonly creationTime: number }, b: { readonly creationTime: number }): number {
  return a.creationTime - b.creationTime;
}

function projectView({ version: _version, ...project }: ProjectState): ProjectView {
  return project;
}

function taskView({ version: _version, ...task }: TaskRecordState): TaskView {
  return task;
}
