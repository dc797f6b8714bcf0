import { randomUUID } from "node:crypto";
import type { SimOperation } from "../../drivers/simulation/array-state-store.js";
import { tracksOf } from "../../drivers/simulation/link-progress.js";
import {
  type SnapshotRef,
  type SnapVxLink,
  type SnapVxSnapshot,
  SYMMETRIX_MESSAGES,
  type SymDevice,
  SymmetrixError,
} from "../../drivers/snapvx/snapvx-array-client.js";
import type {
  LinkedStorageGroup,
  StorageGroupSnapshot,
  StorageGroupSnapshotGeneration,
  VolumeNamedSnapshot,
  VolumeSnapshots,
} from "../../drivers/snapvx/unisphere/unisphere-wire.js";
import type { PowerMaxArray } from "./powermax-arrays.js";
import { UnisphereRefusal } from "./unisphere-refusal.js";
import type { NewJob, StoredJob, StoredStorageGroup, UnisphereSurfaceStore } from "./unisphere-surface-store.js";
import { linkedDeviceView, snapshotSourceView, timestampText } from "./unisphere-views.js";

/** Which generation of a snapshot name: by snap id (5978.669 and later) or by generation (0 the newest). */
export type SnapshotSelector = { readonly snapId: number } | { readonly generation: number };

/** A device to create: its identifier (name) and capacity. */
export interface NewVolume {
  readonly identifier: string;
  readonly capacityBytes: number;
}

export interface NewStorageGroup {
  readonly name: string;
  readonly srp: string;
  readonly serviceLevel: string;
  readonly workload: string;
  readonly volumes: readonly NewVolume[];
}

/** One device of a storage group with its snapshot of the selected name and generation. */
interface GroupSnapshotMember {
  readonly deviceId: string;
  readonly snapshot: SnapVxSnapshot;
}

/** The one SRP of a simulated array: the pool coprsim registers it with. */
export const SIMULATED_SRP = "SRP_1";
export const SERVICE_LEVELS = ["Diamond", "Platinum", "Gold", "Silver", "Bronze", "Optimized", "None"];

/**
 * Unisphere's operations on one simulated PowerMax: devices and SnapVX come from the simulated
 * array (the same one the controller's in-process driver uses), storage groups from the
 * surface's store. A storage group's snapshot is its devices' snapshots of one name and
 * generation, shown with the snap id of its first device's (docs/unisphere.md, "Storage groups").
 */
export class SimulatedPowerMax {
  constructor(
    readonly array: PowerMaxArray,
    private readonly store: UnisphereSurfaceStore,
    /** False on microcode before 5978.669: snapshots are addressed by generation only. */
    readonly snapIds: boolean,
  ) {}

  private get system() {
    return this.array.system;
  }

  private get arrayId(): string {
    return this.array.system.nativeId;
  }

  recordJob(job: Omit<NewJob, "arrayId">): Promise<StoredJob> {
    return this.store.recordJob({ ...job, arrayId: this.arrayId });
  }

  /** Meets the faults planned for this kind of operation (`/sim` faults): a delay, an error. */
  meet(operation: SimOperation): Promise<void> {
    return this.array.faults.check(this.arrayId, operation);
  }

  /**
   * The kind of operation a link or unlink of these devices (link source, target) is: a
   * `restore` when one of them links a source onto a snapshot of its own linked target, or
   * unlinks it (how a source is restored from its linked target), else `ordinary`.
   */
  async linkOperation(
    pairs: readonly (readonly [source: string, target: string])[],
    ordinary: "link" | "unlink",
  ): Promise<SimOperation> {
    for (const [source, target] of pairs) {
      const linkOfSource = await this.array.snapvx.linkState(this.system, source);
      if (linkOfSource?.sourceDeviceId === target) return "restore";
    }
    return ordinary;
  }

  /** {@link linkOperation} of two storage groups' devices, rank by rank (a group yet to be made: `ordinary`). */
  async groupLinkOperation(name: string, targetGroup: string, ordinary: "link" | "unlink"): Promise<SimOperation> {
    const exist = await Promise.all([name, targetGroup].map((g) => this.store.storageGroup(this.arrayId, g)));
    if (exist.some((group) => group === null)) return ordinary;
    const [{ devices: sources }, { devices: targets }] = await Promise.all([
      this.storageGroup(name),
      this.storageGroup(targetGroup),
    ]);
    const pairs = sources.flatMap((d, i) => {
      const target = targets[i];
      return target ? [[d.deviceId, target.deviceId] as const] : [];
    });
    return this.linkOperation(pairs, ordinary);
  }

  /* --- devices --- */

  async device(deviceId: string): Promise<SymDevice> {
    const device = await this.array.snapvx.device(this.system, deviceId);
    if (!device) throw new UnisphereRefusal(404, SYMMETRIX_MESSAGES.deviceNotFound(deviceId));
    return device;
  }

  async volume(deviceId: string) {
    const device = await this.device(deviceId);
    const [groups, snapshots, link] = await Promise.all([
      this.store.storageGroupsOf(this.arrayId, [deviceId]),
      this.array.snapvx.snapshotsOf(this.system, deviceId),
      this.array.snapvx.linkState(this.system, deviceId),
    ]);
    return { device, groups: groups.get(deviceId) ?? [], source: snapshots.length > 0, target: link !== null };
  }

  /** Ids of the array's devices, ascending, narrowed by a storage group and by an identifier. */
  async volumeIds(filters: { storageGroupId?: string; volumeIdentifier?: string }): Promise<string[]> {
    let devices: { deviceId: string; identifier: string }[];
    if (filters.storageGroupId !== undefined) {
      const group = await this.store.storageGroup(this.arrayId, filters.storageGroupId);
      devices = group ? await this.existingDevices(group.deviceIds) : [];
    } else {
      const view = await this.array.simulator.view(this.system);
      devices = view.devices.map((d) => ({ deviceId: d.nativeId, identifier: d.label }));
    }
    return devices
      .filter((d) => filters.volumeIdentifier === undefined || d.identifier === filters.volumeIdentifier)
      .map((d) => d.deviceId)
      .sort();
  }

  /** A device in no storage group and in no SnapVX session. */
  async deleteVolume(deviceId: string): Promise<void> {
    await this.device(deviceId);
    const groups = (await this.store.storageGroupsOf(this.arrayId, [deviceId])).get(deviceId) ?? [];
    if (groups.length > 0) {
      throw new UnisphereRefusal(
        400,
        `Device ${deviceId} cannot be deleted because it is in storage group(s) ${groups.join(", ")}`,
      );
    }
    await this.array.snapvx.deleteDevice(this.system, deviceId);
  }

  /* --- storage groups --- */

  storageGroupNames(): Promise<string[]> {
    return this.store.storageGroupNames(this.arrayId);
  }

  /** The group and its devices that still exist, ascending. */
  async storageGroup(name: string): Promise<{ group: StoredStorageGroup; devices: SymDevice[] }> {
    const group = await this.store.storageGroup(this.arrayId, name);
    if (!group) throw new UnisphereRefusal(404, `Storage group ${name} was not found`);
    const devices: SymDevice[] = [];
    for (const deviceId of group.deviceIds) {
      const device = await this.array.snapvx.device(this.system, deviceId);
      if (device) devices.push(device);
    }
    return { group, devices };
  }

  async hasStorageGroup(name: string): Promise<boolean> {
    return (await this.store.storageGroup(this.arrayId, name)) !== null;
  }

  /** Creates the group, then its new volumes; returns their device ids. */
  async createStorageGroup(spec: NewStorageGroup): Promise<string[]> {
    const created = await this.store.createStorageGroup(this.arrayId, {
      name: spec.name,
      srp: spec.srp,
      serviceLevel: spec.serviceLevel,
      workload: spec.workload,
      createdAt: Date.now(),
    });
    if (!created) throw storageGroupExists();
    return this.addNewVolumes(spec.name, spec.volumes);
  }

  async addNewVolumes(name: string, volumes: readonly NewVolume[]): Promise<string[]> {
    const group = await this.store.storageGroup(this.arrayId, name);
    if (!group) throw new UnisphereRefusal(404, `Storage group ${name} was not found`);
    const srpId = group.srp === "None" ? SIMULATED_SRP : group.srp;
    const deviceIds: string[] = [];
    for (const volume of volumes) {
      const device = await this.array.snapvx.createDevice(this.system, {
        srpId,
        identifier: volume.identifier,
        capacityBytes: volume.capacityBytes,
        idempotencyKey: `unisphere:${randomUUID()}`,
      });
      deviceIds.push(device.deviceId);
      await this.store.addToStorageGroup(this.arrayId, name, [device.deviceId]);
    }
    return deviceIds;
  }

  async addVolumes(name: string, deviceIds: readonly string[]): Promise<void> {
    await this.storageGroup(name);
    for (const deviceId of deviceIds) await this.device(deviceId);
    await this.store.addToStorageGroup(this.arrayId, name, deviceIds);
  }

  async removeVolumes(name: string, deviceIds: readonly string[]): Promise<void> {
    const { group } = await this.storageGroup(name);
    const strangers = deviceIds.filter((id) => !group.deviceIds.includes(id));
    if (strangers.length > 0) {
      throw new UnisphereRefusal(400, `Device(s) ${strangers.join(", ")} are not in storage group ${name}`);
    }
    await this.store.removeFromStorageGroup(this.arrayId, name, deviceIds);
  }

  async deleteStorageGroup(name: string): Promise<void> {
    const { devices } = await this.storageGroup(name);
    if (devices.length > 0) {
      throw new UnisphereRefusal(
        400,
        `Storage group ${name} cannot be deleted because it contains ${devices.length} volume(s)`,
      );
    }
    await this.store.deleteStorageGroup(this.arrayId, name);
  }

  /* --- SnapVX on storage groups --- */

  /** The names of the snapshots every device of the group has, with how many generations each. */
  async groupSnapshotNames(name: string): Promise<{ name: string; count: number; newest: number }[]> {
    const { devices } = await this.storageGroup(name);
    if (devices.length === 0) return [];
    const perDevice = await Promise.all(devices.map((d) => this.array.snapvx.snapshotsOf(this.system, d.deviceId)));
    const [first = [], ...others] = perDevice;
    const names = [...new Set(first.map((s) => s.snapshotName))].filter((n) =>
      others.every((snapshots) => snapshots.some((s) => s.snapshotName === n)),
    );
    return names.sort().map((n) => {
      const generations = first.filter((s) => s.snapshotName === n);
      return { name: n, count: generations.length, newest: Math.max(...generations.map((s) => s.timestamp)) };
    });
  }

  /** The generations of the name on the group's first device, newest first (404 when there are none). */
  async groupSnapshotGenerations(name: string, snapshotName: string): Promise<SnapVxSnapshot[]> {
    const { devices } = await this.storageGroup(name);
    const first = devices[0];
    const generations = first ? await this.snapshotsNamed(first.deviceId, snapshotName) : [];
    if (generations.length === 0) throw snapshotNotInGroup(snapshotName, name);
    return generations;
  }

  async createGroupSnapshot(name: string, snapshotName: string): Promise<void> {
    const { devices } = await this.storageGroup(name);
    if (devices.length === 0) throw new UnisphereRefusal(400, `Storage group ${name} has no volumes to snapshot`);
    for (const device of devices) {
      await this.array.snapvx.establish(this.system, {
        sourceDeviceId: device.deviceId,
        snapshotName,
        idempotencyKey: `unisphere:${randomUUID()}`,
      });
    }
  }

  async groupSnapshotView(
    name: string,
    snapshotName: string,
    selector: SnapshotSelector,
  ): Promise<StorageGroupSnapshot> {
    const members = await this.groupSnapshot(name, snapshotName, selector);
    const links = await this.linksOfMembers(members);
    const [head] = members;
    const linkedGroups = await this.linkedStorageGroups(links);
    const devices = await Promise.all(members.map((m) => this.device(m.deviceId)));
    return {
      name: snapshotName,
      generation: head?.snapshot.generation ?? 0,
      ...(this.snapIds && head ? { snapid: head.snapshot.snapId } : {}),
      timestamp: timestampText(head?.snapshot.timestamp ?? 0),
      timestamp_utc: head?.snapshot.timestamp ?? 0,
      state: statesOf(members, links),
      num_source_volumes: members.length,
      num_storage_group_volumes: members.length,
      source_volume: devices.map((d) => ({
        name: d.deviceId,
        capacity: d.cylinders,
        capacity_gb: Math.round((d.capacityBytes / 1024 ** 3) * 100) / 100,
      })),
      tracks: devices.reduce((sum, d) => sum + tracksOf(d.capacityBytes), 0),
      time_to_live_expiry_date: "N/A",
      expired: false,
      linked: links.length > 0,
      restored: members.some((m) => m.snapshot.state !== "Established"),
      persistent: false,
      linked_storage_group_names: [...new Set(linkedGroups.map((g) => g.name))],
      linked_storage_group: linkedGroups,
    };
  }

  async groupSnapshotGenerationView(
    name: string,
    snapshotName: string,
    generation: number,
  ): Promise<StorageGroupSnapshotGeneration> {
    const view = await this.groupSnapshotView(name, snapshotName, { generation });
    return {
      name: snapshotName,
      generation: view.generation,
      timestamp: view.timestamp,
      state: view.state,
      isLinked: view.linked,
      isRestored: view.restored,
      isExpired: false,
      timeToLiveExpiryDate: "N/A",
      numSourceVolumes: view.num_source_volumes,
      numStorageGroupVolumes: view.num_storage_group_volumes,
      linkedStorageGroup: view.linked_storage_group.map((g) => ({
        name: g.name,
        percentageCopied: g.percentageCopied,
        defined: g.defined,
        linkedVolumeName: g.linked_volume_name,
        sourceVolumeName: g.source_volume_name,
      })),
    };
  }

  /**
   * Links each device of the group to the device of the same rank in the target group (created
   * with volumes like the source's when it does not exist).
   */
  async linkGroup(
    name: string,
    snapshotName: string,
    selector: SnapshotSelector,
    targetGroup: string,
    copy: boolean,
  ): Promise<void> {
    const members = await this.groupSnapshot(name, snapshotName, selector);
    if (!(await this.store.storageGroup(this.arrayId, targetGroup))) {
      const { group, devices } = await this.storageGroup(name);
      await this.createStorageGroup({
        name: targetGroup,
        srp: group.srp,
        serviceLevel: group.serviceLevel,
        workload: group.workload,
        volumes: devices.map((d) => ({ identifier: d.identifier, capacityBytes: d.capacityBytes })),
      });
    }
    for (const [member, target] of await this.pairs(members, name, targetGroup)) {
      await this.array.snapvx.link(this.system, member.snapshot, { targetDeviceId: target, copy });
    }
  }

  /** Moves each target of the target group from whichever snapshot it is linked to onto this one. */
  async relinkGroup(name: string, snapshotName: string, selector: SnapshotSelector, targetGroup: string) {
    const members = await this.groupSnapshot(name, snapshotName, selector);
    for (const [member, target] of await this.pairs(members, name, targetGroup)) {
      const current = await this.array.snapvx.linkState(this.system, target);
      if (!current) {
        throw new SymmetrixError("not-linked", SYMMETRIX_MESSAGES.notLinked(target, member.snapshot.snapshotName));
      }
      await this.array.snapvx.relink(this.system, current, member.snapshot, { targetDeviceId: target });
    }
  }

  async unlinkGroup(
    name: string,
    snapshotName: string,
    selector: SnapshotSelector,
    targetGroup: string,
    symforce: boolean,
  ): Promise<void> {
    const members = await this.groupSnapshot(name, snapshotName, selector);
    for (const [member, target] of await this.pairs(members, name, targetGroup)) {
      await this.array.snapvx.unlink(this.system, member.snapshot, { targetDeviceId: target, symforce });
    }
  }

  async restoreGroup(name: string, snapshotName: string, selector: SnapshotSelector): Promise<void> {
    for (const member of await this.groupSnapshot(name, snapshotName, selector)) {
      await this.array.snapvx.restore(this.system, member.snapshot);
    }
  }

  /**
   * Ends the snapshot's restore session where it has one (the restore must be done), or else
   * the snapshot itself: a restored snapshot takes two terminations, as on the array.
   */
  async terminateGroupSnapshot(name: string, snapshotName: string, selector: SnapshotSelector): Promise<void> {
    for (const member of await this.groupSnapshot(name, snapshotName, selector)) {
      await this.terminateOrEndRestore(member.snapshot, member.snapshot.state !== "Established");
    }
  }

  /** Whether terminating the group's snapshot would end a restore session rather than the snapshot. */
  async groupSnapshotIsRestoring(name: string, snapshotName: string, selector: SnapshotSelector) {
    const members = await this.groupSnapshot(name, snapshotName, selector);
    return members.some((m) => m.snapshot.state !== "Established");
  }

  /* --- SnapVX on devices --- */

  async createDeviceSnapshots(snapshotName: string, deviceIds: readonly string[]): Promise<void> {
    for (const deviceId of deviceIds) {
      await this.array.snapvx.establish(this.system, {
        sourceDeviceId: deviceId,
        snapshotName,
        idempotencyKey: `unisphere:${randomUUID()}`,
      });
    }
  }

  /** The device's snapshot of that name and generation or snap id. */
  async deviceSnapshot(deviceId: string, snapshotName: string, selector: SnapshotSelector): Promise<SnapVxSnapshot> {
    const found = (await this.snapshotsNamed(deviceId, snapshotName)).find((s) =>
      "snapId" in selector ? s.snapId === selector.snapId : s.generation === selector.generation,
    );
    if (!found)
      throw new SymmetrixError("snapshot-not-found", SYMMETRIX_MESSAGES.snapshotNotFound(snapshotName, deviceId));
    return found;
  }

  async linkDevice(snapshot: SnapshotRef, targetDeviceId: string, copy: boolean): Promise<void> {
    await this.array.snapvx.link(this.system, snapshot, { targetDeviceId, copy });
  }

  async unlinkDevice(snapshot: SnapshotRef, targetDeviceId: string, symforce: boolean): Promise<void> {
    await this.array.snapvx.unlink(this.system, snapshot, { targetDeviceId, symforce });
  }

  async restoreDevice(snapshot: SnapshotRef): Promise<void> {
    await this.array.snapvx.restore(this.system, snapshot);
  }

  async terminateOrEndRestore(snapshot: SnapshotRef, endRestore: boolean): Promise<void> {
    if (endRestore) await this.array.snapvx.terminateRestore(this.system, snapshot);
    else await this.array.snapvx.terminate(this.system, snapshot);
  }

  /** The device's snapshots (with their links and restore sessions) and, when it is a target, its link. */
  async volumeSnapshots(deviceId: string): Promise<VolumeSnapshots> {
    const device = await this.device(deviceId);
    const [snapshots, target] = await Promise.all([
      this.array.snapvx.snapshotsOf(this.system, deviceId),
      this.array.snapvx.linkState(this.system, deviceId),
    ]);
    const links = snapshots.length === 0 ? [] : await this.array.snapvx.linksOf(this.system, deviceId);
    const newestFirst = [...snapshots].reverse();
    return {
      deviceName: deviceId,
      snapshotSrcs: newestFirst.map((snapshot) =>
        snapshotSourceView(
          snapshot,
          links.filter((l) => l.snapId === snapshot.snapId),
          tracksOf(device.capacityBytes),
          this.snapIds,
        ),
      ),
      snapshotLnks: target ? [await this.targetLinkView(target)] : [],
    };
  }

  /** The generations of one snapshot name on the device, newest first; 404 when there are none. */
  async volumeNamedSnapshot(deviceId: string, snapshotName: string): Promise<VolumeNamedSnapshot> {
    const device = await this.device(deviceId);
    const generations = await this.snapshotsNamed(deviceId, snapshotName);
    if (generations.length === 0) {
      throw new UnisphereRefusal(404, SYMMETRIX_MESSAGES.snapshotNotFound(snapshotName, deviceId));
    }
    const links = await this.array.snapvx.linksOf(this.system, deviceId);
    return {
      deviceName: deviceId,
      snapshotName,
      snapshotSrc: generations.map((snapshot) =>
        snapshotSourceView(
          snapshot,
          links.filter((l) => l.snapId === snapshot.snapId),
          tracksOf(device.capacityBytes),
          this.snapIds,
        ),
      ),
      snapshotLnk: [],
    };
  }

  /* --- helpers --- */

  /** The device's snapshots of that name, newest (generation 0) first. */
  private async snapshotsNamed(deviceId: string, snapshotName: string): Promise<SnapVxSnapshot[]> {
    const snapshots = await this.array.snapvx.snapshotsOf(this.system, deviceId);
    return snapshots.filter((s) => s.snapshotName === snapshotName).sort((a, b) => a.generation - b.generation);
  }

  private async groupSnapshot(
    name: string,
    snapshotName: string,
    selector: SnapshotSelector,
  ): Promise<GroupSnapshotMember[]> {
    const { devices } = await this.storageGroup(name);
    const [first, ...others] = devices;
    if (!first) throw snapshotNotInGroup(snapshotName, name);
    const head = (await this.snapshotsNamed(first.deviceId, snapshotName)).find((s) =>
      "snapId" in selector ? s.snapId === selector.snapId : s.generation === selector.generation,
    );
    if (!head) throw snapshotNotInGroup(snapshotName, name);
    const members: GroupSnapshotMember[] = [{ deviceId: first.deviceId, snapshot: head }];
    for (const device of others) {
      const snapshot = (await this.snapshotsNamed(device.deviceId, snapshotName)).find(
        (s) => s.generation === head.generation,
      );
      if (!snapshot) throw snapshotNotInGroup(snapshotName, name);
      members.push({ deviceId: device.deviceId, snapshot });
    }
    return members;
  }

  /** The source group's members with the target group's devices, rank by rank. */
  private async pairs(
    members: readonly GroupSnapshotMember[],
    name: string,
    targetGroup: string,
  ): Promise<[GroupSnapshotMember, string][]> {
    const { devices } = await this.storageGroup(targetGroup);
    if (devices.length !== members.length) {
      throw new UnisphereRefusal(
        400,
        `Storage group ${targetGroup} has ${devices.length} volume(s) where storage group ${name} has ${members.length}`,
      );
    }
    return members.map((member, i) => [member, devices[i]?.deviceId ?? ""]);
  }

  private async linksOfMembers(members: readonly GroupSnapshotMember[]): Promise<SnapVxLink[]> {
    const links: SnapVxLink[] = [];
    for (const member of members) {
      const ofSource = await this.array.snapvx.linksOf(this.system, member.deviceId);
      links.push(...ofSource.filter((l) => l.snapId === member.snapshot.snapId));
    }
    return links;
  }

  /** Each link with the (first) storage group its target is in. */
  private async linkedStorageGroups(links: readonly SnapVxLink[]): Promise<LinkedStorageGroup[]> {
    const groups = await this.store.storageGroupsOf(
      this.arrayId,
      links.map((l) => l.targetDeviceId),
    );
    return links.map((link) => ({
      name: groups.get(link.targetDeviceId)?.[0] ?? "",
      source_volume_name: link.sourceDeviceId,
      linked_volume_name: link.targetDeviceId,
      tracks: link.tracks,
      track_size: 128 * 1024,
      percentageCopied: link.percentCopied,
      defined: link.defined,
      background_define_in_progress: !link.defined,
      copy: link.copy,
      state: link.state,
    }));
  }

  /** The target's link as its target lists it (`snapshotLnks`). */
  private async targetLinkView(link: SnapVxLink) {
    const snapshot = (await this.array.snapvx.snapshotsOf(this.system, link.sourceDeviceId)).find(
      (s) => s.snapId === link.snapId,
    );
    if (!snapshot)
      throw new SymmetrixError(
        "snapshot-not-found",
        SYMMETRIX_MESSAGES.snapshotNotFound(link.snapshotName, link.sourceDeviceId),
      );
    return linkedDeviceView(link, snapshot, this.snapIds);
  }

  private async existingDevices(deviceIds: readonly string[]) {
    const devices: { deviceId: string; identifier: string }[] = [];
    for (const deviceId of deviceIds) {
      const device = await this.array.snapvx.device(this.system, deviceId);
      if (device) devices.push({ deviceId, identifier: device.identifier });
    }
    return devices;
  }
}

export function storageGroupExists(): UnisphereRefusal {
  return new UnisphereRefusal(409, "The requested storage group resource already exists");
}

function snapshotNotInGroup(snapshotName: string, group: string): UnisphereRefusal {
  return new UnisphereRefusal(404, `Snapshot ${snapshotName} was not found on storage group ${group}`);
}

/** The snapshot's states first (`Established`, `RestoreInProg`, `Restored`), then its links' (`Linked`, `CopyInProg`, `Copied`). */
function statesOf(members: readonly GroupSnapshotMember[], links: readonly SnapVxLink[]): string[] {
  return [...new Set([...members.map((m) => m.snapshot.state), ...links.map((l) => l.state)])];
}
