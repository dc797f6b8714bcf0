import {
  type SnapshotRef,
  type SnapVxLink,
  type SnapVxSnapshot,
  type SnapVxSnapshotState,
  SYMMETRIX_MESSAGES,
  SymmetrixError,
} from "../snapvx-array-client.js";
import type {
  DeleteVolumeSnapshotRequest,
  LinkedDevice,
  ModifyVolumeSnapshotRequest,
  VolumeNamedSnapshot,
  VolumeSnapshotSource,
  VolumeSnapshots,
} from "./device-snapshot-wire.js";
import type { ModifyStorageGroupSnapshotRequest } from "./storage-group-snapshot-wire.js";
import { encode, type UnisphereConnection } from "./unisphere-connection.js";
import type { UnisphereDevices } from "./unisphere-devices.js";
import type { ArrayFacts, ArrayRef } from "./unisphere-discovery.js";

/**
 * The array client's SnapVX: on devices (`/private/{ver}/replication/…`), as Cinder's PowerMax
 * driver does, by snap id or, on older microcode, by generation; a relink goes through the
 * devices' storage groups, the only relink Unisphere offers. Establishing is idempotent by name:
 * a snapshot of that name on the source is taken as this request's (the controller keeps session
 * names unique per source). On microcode without snap ids, a snapshot's `snapId` here is its
 * creation time in epoch milliseconds (stable, unlike its generation).
 */
export class UnisphereSnapshots {
  constructor(
    private readonly connection: UnisphereConnection,
    private readonly devices: UnisphereDevices,
  ) {}

  async establish(
    array: ArrayRef,
    request: { sourceDeviceId: string; snapshotName: string; idempotencyKey: string },
  ): Promise<SnapVxSnapshot> {
    const { sourceDeviceId, snapshotName } = request;
    const existing = await this.namedSnapshots(array, sourceDeviceId, snapshotName);
    if (existing[0]) return snapVxSnapshot(sourceDeviceId, existing[0], array.facts);
    const body = {
      deviceNameListSource: [{ name: sourceDeviceId }],
      bothSides: "false",
      star: "false",
      force: "false",
    };
    await this.connection.finished(
      array.version,
      await this.connection.send("POST", `${array.replication}/snapshot/${encode(snapshotName)}`, { body }),
    );
    const [created] = await this.namedSnapshots(array, sourceDeviceId, snapshotName);
    if (!created)
      throw new SymmetrixError("snapshot-not-found", SYMMETRIX_MESSAGES.snapshotNotFound(snapshotName, sourceDeviceId));
    return snapVxSnapshot(sourceDeviceId, created, array.facts);
  }

  /** Terminates the snapshot, or with `endRestore` only its restore session. */
  async terminate(array: ArrayRef, snapshot: SnapshotRef, endRestore: boolean): Promise<void> {
    const body: DeleteVolumeSnapshotRequest = {
      deviceNameListSource: [{ name: snapshot.sourceDeviceId }],
      ...(await this.selectorOf(array, snapshot)),
      ...(endRestore ? { restore: true } : {}),
    };
    await this.connection.finished(
      array.version,
      await this.connection.send("DELETE", `${array.replication}/snapshot/${encode(snapshot.snapshotName)}`, { body }),
    );
  }

  /** Links, unlinks or restores (`target` is then the source). */
  async modify(
    array: ArrayRef,
    snapshot: SnapshotRef,
    change: { action: ModifyVolumeSnapshotRequest["action"]; target: string; copy: boolean; symforce: boolean },
  ): Promise<void> {
    const body: ModifyVolumeSnapshotRequest = {
      deviceNameListSource: [{ name: snapshot.sourceDeviceId }],
      deviceNameListTarget: [{ name: change.target }],
      action: change.action,
      ...(change.action === "Restore"
        ? {}
        : { copy: String(change.copy), exact: "false", remote: "false", symforce: String(change.symforce) }),
      star: "false",
      force: "false",
      ...(await this.selectorOf(array, snapshot)),
    };
    await this.connection.finished(
      array.version,
      await this.connection.send("PUT", `${array.replication}/snapshot/${encode(snapshot.snapshotName)}`, { body }),
    );
  }

  /**
   * The target's link as the target lists it; when that does not say the snapshot's snap id
   * (or the array has none), as its source lists it.
   */
  async linkState(array: ArrayRef, targetDeviceId: string): Promise<SnapVxLink | null> {
    const ofTarget = await this.volumeSnapshots(array, targetDeviceId);
    const link = ofTarget?.snapshotLnks.find((l) => l.linkSourceName);
    const source = link?.linkSourceName;
    if (!link || !source) return null;
    if (array.facts.snapIds && typeof link.snap_id === "number" && link.snapshot_name) {
      const snapshot = { snapshotName: link.snapshot_name, snap_id: link.snap_id } as VolumeSnapshotSource;
      return snapVxLink(source, snapshot, { ...link, targetDevice: targetDeviceId }, array.facts);
    }
    const ofSource = await this.volumeSnapshots(array, source);
    for (const snapshot of ofSource?.snapshotSrcs ?? []) {
      const linked = snapshot.linkedDevices.find((d) => d.targetDevice === targetDeviceId && d.targetDevice !== source);
      if (linked) return snapVxLink(source, snapshot, linked, array.facts);
    }
    return null;
  }

  /** Relinks the target's storage group to `to` through the storage group of `to`'s source. */
  async relink(array: ArrayRef, to: SnapshotRef, targetDeviceId: string): Promise<void> {
    const [sourceGroup, targetGroup] = await Promise.all([
      this.devices.groupOf(array, to.sourceDeviceId),
      this.devices.groupOf(array, targetDeviceId),
    ]);
    const groupSnapshot = `/${array.version}/replication/symmetrix/${array.symmetrixId}/storagegroup/${encode(sourceGroup)}/snapshot/${encode(to.snapshotName)}`;
    if (array.facts.snapIds) {
      const body: ModifyStorageGroupSnapshotRequest = { action: "Relink", relink: { storage_group_name: targetGroup } };
      await this.connection.finished(
        array.version,
        await this.connection.send("PUT", `${groupSnapshot}/snapid/${to.snapId}`, { body }),
      );
    } else {
      const generation = await this.generationOf(array, to);
      const body: ModifyStorageGroupSnapshotRequest = {
        action: "Relink",
        relink: { relinkStorageGroupName: targetGroup },
      };
      await this.connection.finished(
        array.version,
        await this.connection.send("PUT", `${groupSnapshot}/generation/${generation}`, { body }),
      );
    }
  }

  async snapshot(array: ArrayRef, ref: SnapshotRef): Promise<SnapVxSnapshot | null> {
    const view = await this.volumeSnapshots(array, ref.sourceDeviceId);
    const found = view?.snapshotSrcs.find(
      (s) => s.snapshotName === ref.snapshotName && identityOf(s, array.facts) === ref.snapId,
    );
    return found ? snapVxSnapshot(ref.sourceDeviceId, found, array.facts) : null;
  }

  async snapshotsOf(array: ArrayRef, sourceDeviceId: string): Promise<SnapVxSnapshot[]> {
    const view = await this.volumeSnapshots(array, sourceDeviceId);
    if (!view) throw new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(sourceDeviceId));
    return view.snapshotSrcs
      .map((s) => snapVxSnapshot(sourceDeviceId, s, array.facts))
      .sort((a, b) => a.timestamp - b.timestamp || b.generation - a.generation);
  }

  async linksOf(array: ArrayRef, sourceDeviceId: string): Promise<SnapVxLink[]> {
    const view = await this.volumeSnapshots(array, sourceDeviceId);
    if (!view) throw new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(sourceDeviceId));
    return view.snapshotSrcs.flatMap((snapshot) =>
      snapshot.linkedDevices
        .filter((linked) => linked.targetDevice !== sourceDeviceId)
        .map((linked) => snapVxLink(sourceDeviceId, snapshot, linked, array.facts)),
    );
  }

  /** `snap_id`, or on older microcode the snapshot's current generation. */
  private async selectorOf(
    array: ArrayRef,
    snapshot: SnapshotRef,
  ): Promise<{ snap_id: number } | { generation: number }> {
    if (array.facts.snapIds) return { snap_id: snapshot.snapId };
    return { generation: await this.generationOf(array, snapshot) };
  }

  private async generationOf(array: ArrayRef, snapshot: SnapshotRef): Promise<number> {
    const generations = await this.namedSnapshots(array, snapshot.sourceDeviceId, snapshot.snapshotName);
    const found = generations.find((s) => identityOf(s, array.facts) === snapshot.snapId);
    if (!found) {
      throw new SymmetrixError(
        "snapshot-not-found",
        SYMMETRIX_MESSAGES.snapshotNotFound(snapshot.snapshotName, snapshot.sourceDeviceId),
      );
    }
    return found.generation;
  }

  /** The source's generations of one snapshot name, newest first; none when there are none. */
  private async namedSnapshots(array: ArrayRef, deviceId: string, name: string): Promise<VolumeSnapshotSource[]> {
    const answer = await this.connection.send(
      "GET",
      `${array.replication}/volume/${encode(deviceId)}/snapshot/${encode(name)}`,
      { accept: [404] },
    );
    if (answer.status === 404) return [];
    return [...((answer.body as VolumeNamedSnapshot).snapshotSrc ?? [])].sort((a, b) => a.generation - b.generation);
  }

  /** The device's snapshots and links; null for an unknown device. */
  private async volumeSnapshots(array: ArrayRef, deviceId: string): Promise<VolumeSnapshots | null> {
    const answer = await this.connection.send("GET", `${array.replication}/volume/${encode(deviceId)}/snapshot`, {
      accept: [404],
    });
    if (answer.status === 404) return null;
    const view = answer.body as Partial<VolumeSnapshots>;
    return {
      deviceName: view.deviceName ?? deviceId,
      snapshotSrcs: (view.snapshotSrcs ?? []).map((s) => ({ ...s, linkedDevices: s.linkedDevices ?? [] })),
      snapshotLnks: view.snapshotLnks ?? [],
    };
  }
}

/** A snapshot's stable id: its snap id, or on older microcode its creation time. */
function identityOf(snapshot: VolumeSnapshotSource, facts: ArrayFacts): number {
  return facts.snapIds ? Number(snapshot.snap_id) : timestampOf(snapshot);
}

function timestampOf(snapshot: VolumeSnapshotSource): number {
  if (typeof snapshot.timestamp_utc === "number") return snapshot.timestamp_utc;
  // `00:30:50 Fri, 02 Jun 2017 IST +0100`: Date reads it once the zone's name is left out.
  const text = String(snapshot.timestamp).replace(/^(\d\d:\d\d:\d\d) (\w+, \d+ \w+ \d+) \w+ ([+-]\d{4})$/, "$2 $1 $3");
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? 0 : parsed;
}

const SNAPSHOT_STATES: readonly SnapVxSnapshotState[] = ["Established", "RestoreInProg", "Restored"];

function snapVxSnapshot(sourceDeviceId: string, snapshot: VolumeSnapshotSource, facts: ArrayFacts): SnapVxSnapshot {
  const restore = snapshot.linkedDevices?.find((d) => d.targetDevice === sourceDeviceId);
  const stated = SNAPSHOT_STATES.find((s) => s === snapshot.state) ?? "Established";
  const state: SnapVxSnapshotState = restore ? (restore.state === "Restored" ? "Restored" : "RestoreInProg") : stated;
  return {
    sourceDeviceId,
    snapshotName: snapshot.snapshotName,
    snapId: identityOf(snapshot, facts),
    generation: snapshot.generation,
    timestamp: timestampOf(snapshot),
    state,
    percentRestored: state === "Restored" ? 100 : state === "RestoreInProg" ? (restore?.percentageCopied ?? 0) : 0,
  };
}

function snapVxLink(
  sourceDeviceId: string,
  snapshot: VolumeSnapshotSource,
  linked: LinkedDevice,
  facts: ArrayFacts,
): SnapVxLink {
  const copied = linked.state === "Copied";
  const state = linked.copy ? (copied ? "Copied" : "CopyInProg") : "Linked";
  const percentCopied = copied ? 100 : linked.copy ? linked.percentageCopied : 0;
  return {
    sourceDeviceId,
    snapshotName: snapshot.snapshotName,
    snapId: identityOf(snapshot, facts),
    targetDeviceId: linked.targetDevice,
    copy: linked.copy,
    state,
    defined: linked.defined,
    tracks: linked.tracks,
    copiedTracks: Math.floor((linked.tracks * percentCopied) / 100),
    percentCopied,
  };
}
