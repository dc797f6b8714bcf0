import { BlockConsistencyGroup } from "../../../src/domain/consistency-groups/block-consistency-group.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { BlockSnapshotSession } from "../../../src/domain/snapshots/block-snapshot-session.js";
import type { CopyMode } from "../../../src/domain/snapshots/copy-mode.js";
import { LinkedTarget } from "../../../src/domain/snapshots/linked-target.js";
import { Volume } from "../../../src/domain/storage/volume.js";
import { Project } from "../../../src/domain/tenancy/project.js";
import type { FixedClock } from "../fakes/fixed-clock.js";
import type { InMemoryStore } from "../fakes/in-memory-store.js";

const GIB = 1024 ** 3;

export interface ArrayIds {
  readonly systemId: string;
  readonly poolId: string;
  readonly vpoolId: string;
}

/**
 * Test data written straight into an {@link InMemoryStore}, built with the domain's own
 * factories so that every state is one the controller could have produced.
 */
export class StorageWorld {
  readonly varrayId = newUrn("VirtualArray");
  private serial = 0x100;

  constructor(
    readonly store: InMemoryStore,
    private readonly clock: FixedClock,
  ) {
    store.varrays.set(this.varrayId, { id: this.varrayId, name: "varray1", creationTime: clock.now() });
  }

  addTenant(name: string): string {
    const id = newUrn("TenantOrg");
    this.store.tenants.set(id, { id, name, parentTenantId: null, creationTime: this.clock.now() });
    return id;
  }

  /** A storage system of the family, one pool reachable from the varray, and a vpool for it. */
  addArray(name: string, systemType: string, settings: Record<string, unknown> = {}): ArrayIds {
    const now = this.clock.now();
    const systemId = newUrn("StorageSystem");
    const poolId = newUrn("StoragePool");
    const vpoolId = newUrn("VirtualPool");
    this.store.storageSystems.set(systemId, {
      id: systemId,
      name,
      systemType,
      nativeId: `SN-${name}`,
      settings,
      creationTime: now,
    });
    this.store.storagePools.set(poolId, {
      id: poolId,
      name: `${name}-pool`,
      storageSystemId: systemId,
      nativeId: "SRP_1",
      varrayIds: [this.varrayId],
      creationTime: now,
    });
    this.store.vpools.set(vpoolId, {
      id: vpoolId,
      name: `${name}-vpool`,
      systemType,
      varrayIds: [this.varrayId],
      maxSnapshots: 256,
      multiVolumeConsistency: false,
      creationTime: now,
    });
    return { systemId, poolId, vpoolId };
  }

  addProject(tenantId: string, name: string, owner: string): string {
    const project = Project.create({ id: newUrn("Project"), name, tenantId, owner, now: this.clock.now() });
    this.store.projects.set(project.id, project.toState());
    return project.id;
  }

  /** A provisioned volume of the project on the array. */
  addVolume(
    projectId: string,
    array: ArrayIds,
    name: string,
    capacityBytes = GIB,
    consistencyGroupId: string | null = null,
  ): string {
    const project = this.store.projects.get(projectId);
    if (!project) throw new Error(`no project ${projectId}`);
    const volume = Volume.create({
      id: newUrn("Volume"),
      name,
      placement: {
        projectId,
        tenantId: project.tenantId,
        storageSystemId: array.systemId,
        storagePoolId: array.poolId,
        varrayId: this.varrayId,
        vpoolId: array.vpoolId,
      },
      capacityBytes,
      consistencyGroupId,
      now: this.clock.now(),
    });
    volume.recordProvisioned(this.nextDevice(name));
    this.store.volumes.set(volume.id, volume.toState());
    return volume.id;
  }

  /** A virtual pool of the array's family whose volumes may be made in a consistency group. */
  addConsistencyGroupVpool(array: ArrayIds, name: string): string {
    const family = this.store.vpools.get(array.vpoolId);
    if (!family) throw new Error(`no vpool ${array.vpoolId}`);
    const id = newUrn("VirtualPool");
    this.store.vpools.set(id, { ...family, id, name, multiVolumeConsistency: true, creationTime: this.clock.now() });
    return id;
  }

  /** An empty consistency group of the project, bound to no storage system. */
  addConsistencyGroup(projectId: string, name: string): string {
    const project = this.store.projects.get(projectId);
    if (!project) throw new Error(`no project ${projectId}`);
    const group = BlockConsistencyGroup.create({
      id: newUrn("BlockConsistencyGroup"),
      name,
      projectId,
      tenantId: project.tenantId,
      arrayConsistency: true,
      now: this.clock.now(),
    });
    this.store.consistencyGroups.set(group.id, group.toState());
    return group.id;
  }

  /** A provisioned volume made in the group, which is bound to the array if it was bound to none. */
  addGroupMember(groupId: string, array: ArrayIds, name: string): string {
    const state = this.store.consistencyGroups.get(groupId);
    if (!state) throw new Error(`no consistency group ${groupId}`);
    const volumeId = this.addVolume(state.projectId, array, name);
    const volume = this.store.volumes.get(volumeId);
    if (volume) this.store.volumes.set(volumeId, { ...volume, consistencyGroupId: groupId });
    const group = BlockConsistencyGroup.rehydrate(state);
    group.recordRequestedTypes(["LOCAL"]);
    if (group.storageSystemId === null) group.recordArrayGroup(array.systemId, group.name);
    this.store.consistencyGroups.set(groupId, group.toState());
    return volumeId;
  }

  /** An established snapshot session of the volume. */
  addSession(volumeId: string, label: string): string {
    const volume = this.store.volumes.get(volumeId);
    if (!volume) throw new Error(`no volume ${volumeId}`);
    const session = BlockSnapshotSession.create({
      id: newUrn("BlockSnapshotSession"),
      label,
      source: {
        volumeId,
        projectId: volume.placement.projectId,
        tenantId: volume.placement.tenantId,
        storageSystemId: volume.placement.storageSystemId,
        storagePoolId: volume.placement.storagePoolId,
        varrayId: volume.placement.varrayId,
        capacityBytes: volume.capacityBytes,
      },
      now: this.clock.now(),
    });
    session.markEstablished({ nativeId: `snap-${label}`, deviceLabel: label });
    this.store.sessions.set(session.id, session.toState());
    return session.id;
  }

  /** An established session of the group's volumes, members in the order given. */
  addGroupSession(groupId: string, volumeIds: readonly string[], label: string): string {
    const members = volumeIds.map((volumeId) => {
      const volume = this.store.volumes.get(volumeId);
      if (!volume) throw new Error(`no volume ${volumeId}`);
      const { projectId, tenantId, storageSystemId, storagePoolId, varrayId } = volume.placement;
      return {
        volumeId,
        projectId,
        tenantId,
        storageSystemId,
        storagePoolId,
        varrayId,
        capacityBytes: volume.capacityBytes,
      };
    });
    const session = BlockSnapshotSession.createForGroup({
      id: newUrn("BlockSnapshotSession"),
      label,
      consistencyGroupId: groupId,
      members,
      now: this.clock.now(),
    });
    for (const member of members) {
      session.markMemberEstablished(member.volumeId, {
        nativeId: `snap-${label}-${member.volumeId}`,
        deviceLabel: label,
      });
    }
    this.store.sessions.set(session.id, session.toState());
    return session.id;
  }

  /** One linked set of a group session: a target per member, `<name>-<j>`, its snapset label `<name>`. */
  addLinkedSet(sessionId: string, name: string): string[] {
    const state = this.store.sessions.get(sessionId);
    if (!state) throw new Error(`no session ${sessionId}`);
    const session = BlockSnapshotSession.rehydrate(state);
    return session.members.map(({ source }, index) => {
      const target = LinkedTarget.prepare({
        id: newUrn("BlockSnapshot"),
        label: `${name}-${index + 1}`,
        snapsetLabel: name,
        sessionId,
        sourceVolumeId: source.volumeId,
        projectId: source.projectId,
        tenantId: source.tenantId,
        storageSystemId: source.storageSystemId,
        storagePoolId: source.storagePoolId,
        varrayId: source.varrayId,
        capacityBytes: source.capacityBytes,
        copyMode: "nocopy",
        linkTaskId: newUrn("Task"),
        creationTime: this.clock.now() + index,
      });
      target.recordProvisioned(this.nextDevice(`${name}-${index + 1}`));
      target.markLinked({ state: "linked", nativeState: "Linked", defined: true, percentCopied: 0 });
      this.store.targets.set(target.id, target.toState());
      return target.id;
    });
  }

  deactivateSession(sessionId: string): void {
    const state = this.store.sessions.get(sessionId);
    if (!state) throw new Error(`no session ${sessionId}`);
    const session = BlockSnapshotSession.rehydrate(state);
    session.markInactive();
    this.store.sessions.set(sessionId, session.toState());
  }

  /** `count` targets linked to the session, named `<prefix>-1..count`. */
  addLinkedTargets(sessionId: string, prefix: string, count: number, copyMode: CopyMode = "nocopy"): string[] {
    const session = this.store.sessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    const ids: string[] = [];
    for (let i = 1; i <= count; i++) {
      const target = LinkedTarget.prepare({
        id: newUrn("BlockSnapshot"),
        label: `${prefix}-${i}`,
        sessionId,
        sourceVolumeId: session.source.volumeId,
        projectId: session.source.projectId,
        tenantId: session.source.tenantId,
        storageSystemId: session.source.storageSystemId,
        storagePoolId: session.source.storagePoolId,
        varrayId: session.source.varrayId,
        capacityBytes: session.source.capacityBytes,
        copyMode,
        linkTaskId: newUrn("Task"),
        creationTime: this.clock.now() + i,
      });
      target.recordProvisioned(this.nextDevice(`${prefix}-${i}`));
      target.markLinked({ state: "linked", nativeState: "Linked", defined: true, percentCopied: 0 });
      this.store.targets.set(target.id, target.toState());
      ids.push(target.id);
    }
    return ids;
  }

  private nextDevice(name: string) {
    const nativeId = (this.serial++).toString(16).toUpperCase().padStart(5, "0");
    return { nativeId, wwn: `6000097000019670${nativeId.padStart(16, "0")}`, deviceLabel: name.slice(0, 31) };
  }
}
