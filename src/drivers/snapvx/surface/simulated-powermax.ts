import { randomUUID } from "node:crypto";
import { tracksOf } from "../../simulation/link-progress.js";
import {
  type SnapshotRef,
  type SnapVxLink,
  type SnapVxSnapshot,
  SYMMETRIX_MESSAGES,
  SymmetrixError,
} from "../snapvx-array-client.js";
import type { VolumeNamedSnapshot, VolumeSnapshots } from "../unisphere/device-snapshot-wire.js";
import type {
  LinkedStorageGroup,
  StorageGroupSnapshot,
  StorageGroupSnapshotGeneration,
} from "../unisphere/storage-group-snapshot-wire.js";
import { PowerMaxStorageGroups } from "./powermax-storage-groups.js";
import { UnisphereRefusal } from "./unisphere-refusal.js";
import { generationView, linkedDeviceView, snapshotSourceView, timestampText } from "./unisphere-views.js";

/** Which generation of a snapshot name: by snap id (5978.669 and later) or by generation (0 the newest). */
export type SnapshotSelector = { readonly snapId: number } | { readonly generation: number };

/** One device of a storage group with its snapshot of the selected name and generation. */
interface GroupSnapshotMember {
  readonly deviceId: string;
  readonly snapshot: SnapVxSnapshot;
}

/**
 * Unisphere's operations on one simulated PowerMax: its devices and storage groups
 * ({@link PowerMaxStorageGroups}) and SnapVX on them. A storage group's snapshot is its devices'
 * snapshots of one name and generation, shown with the snap id of its first device's
 * (docs/unisphere.md, "Storage groups").
 */
export class SimulatedPowerMax extends PowerMaxStorageGroups {
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
    return generationView(await this.groupSnapshotView(name, snapshotName, { generation }));
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
}

function snapshotNotInGroup(snapshotName: string, group: string): UnisphereRefusal {
  return new UnisphereRefusal(404, `Snapshot ${snapshotName} was not found on storage group ${group}`);
}

/** The snapshot's states first (`Established`, `RestoreInProg`, `Restored`), then its links' (`Linked`, `CopyInProg`, `Copied`). */
function statesOf(members: readonly GroupSnapshotMember[], links: readonly SnapVxLink[]): string[] {
  return [...new Set([...members.map((m) => m.snapshot.state), ...links.map((l) => l.state)])];
}
