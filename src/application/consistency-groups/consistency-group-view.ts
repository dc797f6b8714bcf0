import type { BlockConsistencyGroup } from "../../domain/consistency-groups/block-consistency-group.js";
import type { ConsistencyGroupView } from "../ports/read-model.js";

/** The group as the API shows it, with the ids of its active volumes. */
export function consistencyGroupView(group: BlockConsistencyGroup, volumeIds: readonly string[]): ConsistencyGroupView {
  const { version: _version, requestedTypes: _requested, ...state } = group.toState();
  return { ...state, volumeIds };
}
