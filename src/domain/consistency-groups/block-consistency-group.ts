import { ServiceCode } from "../shared/service-code.js";
import { InvariantViolation, ServiceError } from "../shared/service-error.js";
import { ViprErrors } from "../shared/vipr-errors.js";

/** The most characters a group's name may have. */
export const GROUP_NAME_MAX_LENGTH = 64;

/** Letters, digits, `_` and `-` only: the real controller's test of a group name. */
const GROUP_NAME_CHARACTERS = /^[a-zA-Z0-9_-]*$/;

/**
 * What kind of replication group a consistency group stands for on the arrays. coprsim makes
 * only array-local groups (no RecoverPoint, VPLEX or SRDF).
 */
export type ConsistencyGroupType = "LOCAL";

/** The group made on one array for the consistency group: the array's name for it. */
export interface SystemConsistencyGroup {
  readonly storageSystemId: string;
  readonly groupName: string;
}

export interface BlockConsistencyGroupState {
  readonly id: string;
  readonly name: string;
  readonly projectId: string;
  readonly tenantId: string;
  /** Whether the array keeps the members consistent (a replication group is made on it). */
  readonly arrayConsistency: boolean;
  /** The system the group is bound to once its first volume was placed; null before. */
  readonly storageSystemId: string | null;
  /** The types of the volumes asked for in the group so far. */
  readonly requestedTypes: readonly ConsistencyGroupType[];
  /** The types of the groups made on arrays. */
  readonly types: readonly ConsistencyGroupType[];
  readonly systemConsistencyGroups: readonly SystemConsistencyGroup[];
  readonly inactive: boolean;
  readonly creationTime: number;
  readonly version: number;
}

/**
 * A block consistency group: volumes of one project whose snapshots are taken together.
 * It is made empty, bound to the storage system of its first volume, and may be deleted only
 * once no active volume is in it.
 */
export class BlockConsistencyGroup {
  private constructor(private state: BlockConsistencyGroupState) {}

  /**
   * Checks a requested name as the real controller does, in its order: letters, digits, `_`
   * and `-` only (400/1008), not empty (400/1005), at most 64 characters (400/1008).
   */
  static checkName(name: string): void {
    if (!GROUP_NAME_CHARACTERS.test(name)) {
      throw ServiceError.of(
        ServiceCode.PARAMETER_INVALID,
        "Consistency Group name can be alpha numeric characters only.",
      );
    }
    if (name.trim() === "") throw ViprErrors.requiredParameterMissingOrEmpty("name");
    if (name.length > GROUP_NAME_MAX_LENGTH) throw ViprErrors.parameterTooLong("name", name, GROUP_NAME_MAX_LENGTH);
  }

  static create(fields: {
    id: string;
    name: string;
    projectId: string;
    tenantId: string;
    arrayConsistency: boolean;
    now: number;
  }): BlockConsistencyGroup {
    BlockConsistencyGroup.checkName(fields.name);
    return new BlockConsistencyGroup({
      id: fields.id,
      name: fields.name,
      projectId: fields.projectId,
      tenantId: fields.tenantId,
      arrayConsistency: fields.arrayConsistency,
      storageSystemId: null,
      requestedTypes: [],
      types: [],
      systemConsistencyGroups: [],
      inactive: false,
      creationTime: fields.now,
      version: 0,
    });
  }

  static rehydrate(state: BlockConsistencyGroupState): BlockConsistencyGroup {
    return new BlockConsistencyGroup(state);
  }

  get id(): string {
    return this.state.id;
  }

  get name(): string {
    return this.state.name;
  }

  get projectId(): string {
    return this.state.projectId;
  }

  get tenantId(): string {
    return this.state.tenantId;
  }

  get storageSystemId(): string | null {
    return this.state.storageSystemId;
  }

  get isActive(): boolean {
    return !this.state.inactive;
  }

  /** The array's name for the group on that storage system; null where it has none. */
  arrayGroupName(storageSystemId: string): string | null {
    return this.state.systemConsistencyGroups.find((g) => g.storageSystemId === storageSystemId)?.groupName ?? null;
  }

  /** Whether every type asked for has its group on the arrays (the real controller's `created()`). */
  get created(): boolean {
    const { requestedTypes, types } = this.state;
    return requestedTypes.length > 0 && requestedTypes.every((type) => types.includes(type));
  }

  /**
   * Checks that volumes of a project may be made in the group: the group is of that project
   * (400/1008 `Objects should all be in the project {0}`).
   */
  checkProjectOf(projectId: string): void {
    if (projectId !== this.state.projectId) {
      throw ServiceError.of(
        ServiceCode.PARAMETER_INVALID,
        "Objects should all be in the project {0}",
        this.state.projectId,
      );
    }
  }

  /** Volumes of these types were asked for in the group (the request is committed to). */
  recordRequestedTypes(requested: readonly ConsistencyGroupType[]): void {
    this.assertActive();
    const requestedTypes = [...new Set([...this.state.requestedTypes, ...requested])];
    this.state = { ...this.state, requestedTypes };
  }

  /**
   * The group exists on a storage system under the array's name: its type is recorded, and
   * the group is bound to that system if it was bound to none.
   */
  recordArrayGroup(storageSystemId: string, groupName: string, type: ConsistencyGroupType = "LOCAL"): void {
    this.assertActive();
    const others = this.state.systemConsistencyGroups.filter((g) => g.storageSystemId !== storageSystemId);
    this.state = {
      ...this.state,
      storageSystemId: this.state.storageSystemId ?? storageSystemId,
      types: this.state.types.includes(type) ? this.state.types : [...this.state.types, type],
      systemConsistencyGroups: [...others, { storageSystemId, groupName }],
    };
  }

  /**
   * Checks that the group may be deleted: no active volume is in it (400/1020
   * `BlockConsistencyGroup {0} has active references of type Volume`).
   */
  checkDeactivation(activeVolumes: number): void {
    if (activeVolumes > 0) {
      throw ViprErrors.hasActiveReferences("BlockConsistencyGroup", this.state.id, "Volume");
    }
  }

  /** The group is deleted: it is unbound from its storage system. Deleting it again changes nothing. */
  markDeleted(): void {
    if (this.state.inactive) return;
    this.state = { ...this.state, storageSystemId: null, inactive: true };
  }

  toState(): BlockConsistencyGroupState {
    return this.state;
  }

  private assertActive(): void {
    if (this.state.inactive) throw new InvariantViolation(`consistency group ${this.state.id} is inactive`);
  }
}
