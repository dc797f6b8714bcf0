import { Volume, type VolumeState } from "../../../domain/storage/volume.js";
import { VolumeRecord } from "../records/volume.record.js";

export const VolumeMapper = {
  toRecord(volume: Volume): VolumeRecord {
    const state = volume.toState();
    const { placement, device } = state;
    return Object.assign(new VolumeRecord(), {
      id: state.id,
      name: state.name,
      projectId: placement.projectId,
      tenantId: placement.tenantId,
      storageSystemId: placement.storageSystemId,
      storagePoolId: placement.storagePoolId,
      varrayId: placement.varrayId,
      vpoolId: placement.vpoolId,
      capacityBytes: state.capacityBytes,
      consistencyGroupId: state.consistencyGroupId,
      nativeId: device?.nativeId ?? null,
      wwn: device?.wwn ?? null,
      deviceLabel: device?.deviceLabel ?? null,
      version: state.version,
      inactive: state.inactive,
      creationTime: state.creationTime,
    });
  },

  toDomain(record: VolumeRecord): Volume {
    const state: VolumeState = {
      id: record.id,
      name: record.name,
      placement: {
        projectId: record.projectId,
        tenantId: record.tenantId,
        storageSystemId: record.storageSystemId,
        storagePoolId: record.storagePoolId,
        varrayId: record.varrayId,
        vpoolId: record.vpoolId,
      },
      capacityBytes: record.capacityBytes,
      consistencyGroupId: record.consistencyGroupId,
      device:
        record.nativeId === null
          ? null
          : { nativeId: record.nativeId, wwn: record.wwn ?? "", deviceLabel: record.deviceLabel ?? "" },
      inactive: record.inactive,
      creationTime: record.creationTime,
      version: record.version,
    };
    return Volume.rehydrate(state);
  },
};
