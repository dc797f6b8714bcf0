import {
  BlockSnapshotSession,
  type SessionMember,
  type SessionState,
} from "../../../domain/snapshots/block-snapshot-session.js";
import { type SessionMemberRecord, SessionRecord } from "../records/snapshot-session.record.js";

function memberRecord({ source, arraySnapshot }: SessionMember): SessionMemberRecord {
  return { ...source, nativeId: arraySnapshot?.nativeId ?? null, deviceLabel: arraySnapshot?.deviceLabel ?? null };
}

function memberOf(record: SessionMemberRecord): SessionMember {
  const { nativeId, deviceLabel, ...source } = record;
  return { source, arraySnapshot: nativeId === null ? null : { nativeId, deviceLabel: deviceLabel ?? "" } };
}

export const SessionMapper = {
  toRecord(session: BlockSnapshotSession): SessionRecord {
    const state = session.toState();
    const { source, arraySnapshot } = state;
    return Object.assign(new SessionRecord(), {
      id: state.id,
      label: state.label,
      sourceVolumeId: source.volumeId,
      projectId: source.projectId,
      tenantId: source.tenantId,
      storageSystemId: source.storageSystemId,
      storagePoolId: source.storagePoolId,
      varrayId: source.varrayId,
      capacityBytes: source.capacityBytes,
      nativeId: arraySnapshot?.nativeId ?? null,
      deviceLabel: arraySnapshot?.deviceLabel ?? null,
      consistencyGroupId: state.consistencyGroupId ?? null,
      members: state.members ? state.members.map(memberRecord) : null,
      version: state.version,
      inactive: state.inactive,
      creationTime: state.creationTime,
    });
  },

  toDomain(record: SessionRecord): BlockSnapshotSession {
    const state: SessionState = {
      id: record.id,
      label: record.label,
      source: {
        volumeId: record.sourceVolumeId,
        projectId: record.projectId,
        tenantId: record.tenantId,
        storageSystemId: record.storageSystemId,
        storagePoolId: record.storagePoolId,
        varrayId: record.varrayId,
        capacityBytes: record.capacityBytes,
      },
      arraySnapshot:
        record.nativeId === null ? null : { nativeId: record.nativeId, deviceLabel: record.deviceLabel ?? "" },
      ...(record.consistencyGroupId === null ? {} : { consistencyGroupId: record.consistencyGroupId }),
      ...(record.members === null ? {} : { members: record.members.map(memberOf) }),
      inactive: record.inactive,
      creationTime: record.creationTime,
      version: record.version,
    };
    return BlockSnapshotSession.rehydrate(state);
  },
};
