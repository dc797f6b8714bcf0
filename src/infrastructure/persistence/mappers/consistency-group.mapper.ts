import {
  BlockConsistencyGroup,
  type ConsistencyGroupType,
} from "../../../domain/consistency-groups/block-consistency-group.js";
import { ConsistencyGroupRecord } from "../records/consistency-group.record.js";

export const ConsistencyGroupMapper = {
  toRecord(group: BlockConsistencyGroup): ConsistencyGroupRecord {
    const state = group.toState();
    return Object.assign(new ConsistencyGroupRecord(), {
      id: state.id,
      name: state.name,
      projectId: state.projectId,
      tenantId: state.tenantId,
      arrayConsistency: state.arrayConsistency,
      storageSystemId: state.storageSystemId,
      requestedTypes: [...state.requestedTypes],
      types: [...state.types],
      systemConsistencyGroups: state.systemConsistencyGroups.map((g) => ({ ...g })),
      version: state.version,
      inactive: state.inactive,
      creationTime: state.creationTime,
    });
  },

  toDomain(record: ConsistencyGroupRecord): BlockConsistencyGroup {
    return BlockConsistencyGroup.rehydrate({
      id: record.id,
      name: record.name,
      projectId: record.projectId,
      tenantId: record.tenantId,
      arrayConsistency: record.arrayConsistency,
      storageSystemId: record.storageSystemId,
      requestedTypes: record.requestedTypes as ConsistencyGroupType[],
      types: record.types as ConsistencyGroupType[],
      systemConsistencyGroups: record.systemConsistencyGroups,
      inactive: record.inactive,
      creationTime: record.creationTime,
      version: record.version,
    });
  },
};
