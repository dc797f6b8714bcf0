import type { CopyMode } from "../../../domain/snapshots/copy-mode.js";
import type { NormalizedLinkState } from "../../../domain/snapshots/link-state.js";
import { LinkedTarget, type LinkedTargetState, type ReplicaState } from "../../../domain/snapshots/linked-target.js";
import { LinkedTargetRecord } from "../records/linked-target.record.js";

export const LinkedTargetMapper = {
  toRecord(target: LinkedTarget): LinkedTargetRecord {
    const state = target.toState();
    return Object.assign(new LinkedTargetRecord(), {
      id: state.id,
      label: state.label,
      snapsetLabel: state.snapsetLabel ?? null,
      sessionId: state.sessionId,
      sourceVolumeId: state.sourceVolumeId,
      projectId: state.projectId,
      tenantId: state.tenantId,
      storageSystemId: state.storageSystemId,
      storagePoolId: state.storagePoolId,
      varrayId: state.varrayId,
      capacityBytes: state.capacityBytes,
      copyMode: state.copyMode,
      linkTaskId: state.linkTaskId,
      replicaState: state.replicaState,
      nativeId: state.device?.nativeId ?? null,
      wwn: state.device?.wwn ?? null,
      deviceLabel: state.device?.deviceLabel ?? null,
      linkState: state.linkState.state,
      linkNativeState: state.linkState.nativeState,
      linkDefined: state.linkState.defined,
      linkPercentCopied: state.linkState.percentCopied,
      failure: state.failure === null ? null : { ...state.failure },
      version: state.version,
      inactive: state.inactive,
      creationTime: state.creationTime,
    });
  },

  toDomain(record: LinkedTargetRecord): LinkedTarget {
    const state: LinkedTargetState = {
      id: record.id,
      label: record.label,
      ...(record.snapsetLabel === null ? {} : { snapsetLabel: record.snapsetLabel }),
      sessionId: record.sessionId,
      sourceVolumeId: record.sourceVolumeId,
      projectId: record.projectId,
      tenantId: record.tenantId,
      storageSystemId: record.storageSystemId,
      storagePoolId: record.storagePoolId,
      varrayId: record.varrayId,
      capacityBytes: record.capacityBytes,
      copyMode: record.copyMode as CopyMode,
      linkTaskId: record.linkTaskId,
      replicaState: record.replicaState as ReplicaState,
      device:
        record.nativeId === null
          ? null
          : { nativeId: record.nativeId, wwn: record.wwn ?? "", deviceLabel: record.deviceLabel ?? "" },
      linkState: {
        state: record.linkState as NormalizedLinkState,
        nativeState: record.linkNativeState,
        defined: record.linkDefined,
        percentCopied: record.linkPercentCopied,
      },
      failure: record.failure,
      inactive: record.inactive,
      creationTime: record.creationTime,
      version: record.version,
    };
    return LinkedTarget.rehydrate(state);
  },
};
