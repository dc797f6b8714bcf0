import type { Logger } from "pino";
import type { AccessQueries } from "../../application/queries/access-queries.js";
import type { BlockQueries } from "../../application/queries/block-queries.js";
import type { StorageQueries } from "../../application/queries/storage-queries.js";
import type { TenancyQueries } from "../../application/queries/tenancy-queries.js";
import type { CreateSnapshotSessionHandler } from "../../application/snapshots/create-snapshot-session.handler.js";
import type { DeactivateLinkedTargetHandler } from "../../application/snapshots/deactivate-linked-target.handler.js";
import type { DeactivateSnapshotSessionHandler } from "../../application/snapshots/deactivate-snapshot-session.handler.js";
import type { LinkTargetsHandler } from "../../application/snapshots/link-targets.handler.js";
import type { RelinkTargetsHandler } from "../../application/snapshots/relink-targets.handler.js";
import type { RestoreFromLinkedTargetHandler } from "../../application/snapshots/restore-from-linked-target.handler.js";
import type { RestoreSnapshotSessionHandler } from "../../application/snapshots/restore-snapshot-session.handler.js";
import type { UnlinkTargetsHandler } from "../../application/snapshots/unlink-targets.handler.js";
import type { CreateVirtualArrayHandler } from "../../application/storage/create-virtual-array.handler.js";
import type { CreateVirtualPoolHandler } from "../../application/storage/create-virtual-pool.handler.js";
import type { RegisterStorageSystemHandler } from "../../application/storage/register-storage-system.handler.js";
import type { ChangeProjectAclHandler } from "../../application/tenancy/change-project-acl.handler.js";
import type { ChangeRoleAssignmentsHandler } from "../../application/tenancy/change-role-assignments.handler.js";
import type { CreateProjectHandler } from "../../application/tenancy/create-project.handler.js";
import type { CreateSubtenantHandler } from "../../application/tenancy/create-subtenant.handler.js";
import type { DeactivateProjectHandler } from "../../application/tenancy/deactivate-project.handler.js";
import type { CreateVolumesHandler } from "../../application/volumes/create-volumes.handler.js";
import type { DeactivateVolumeHandler } from "../../application/volumes/deactivate-volume.handler.js";
import type { SimulatorApi } from "../../drivers/simulation/simulator-api.js";
import type { AuthStore } from "./auth/auth-store.js";
import type { ObservabilityDependencies } from "./observability-dependencies.js";

/** What the HTTP layer calls: one handler per write operation, the read queries, and authentication. */
export interface HttpDependencies {
  readonly linkTargets: LinkTargetsHandler;
  readonly unlinkTargets: UnlinkTargetsHandler;
  readonly relinkTargets: RelinkTargetsHandler;
  readonly restoreSnapshotSession: RestoreSnapshotSessionHandler;
  readonly restoreFromLinkedTarget: RestoreFromLinkedTargetHandler;
  readonly deactivateSnapshotSession: DeactivateSnapshotSessionHandler;
  readonly deactivateLinkedTarget: DeactivateLinkedTargetHandler;
  readonly deactivateVolume: DeactivateVolumeHandler;
  readonly createVolumes: CreateVolumesHandler;
  readonly createSnapshotSession: CreateSnapshotSessionHandler;
  readonly createProject: CreateProjectHandler;
  readonly createSubtenant: CreateSubtenantHandler;
  readonly deactivateProject: DeactivateProjectHandler;
  readonly changeProjectAcl: ChangeProjectAclHandler;
  readonly changeRoleAssignments: ChangeRoleAssignmentsHandler;
  readonly accessQueries: AccessQueries;
  readonly registerStorageSystem: RegisterStorageSystemHandler;
  readonly createVirtualArray: CreateVirtualArrayHandler;
  readonly createVirtualPool: CreateVirtualPoolHandler;
  readonly storageQueries: StorageQueries;
  readonly tenancyQueries: TenancyQueries;
  readonly blockQueries: BlockQueries;
  readonly auth: AuthStore;
  /** The simulator's own API (`/sim`): the simulated arrays' internals, volume data, faults, clock. */
  readonly simulator: SimulatorApi;
  /** `/metrics`, `/health/ready` and the queue dashboard; not served without it. */
  readonly observability?: ObservabilityDependencies;
  /** Request and failure logging; silent without one. */
  readonly logger?: Logger;
  /** A token expires after this long without use (the contract's default is 8 hours). */
  readonly tokenIdleTtlMs: number;
}
