import { type Bind, ContainerModule, type MapToResolvedValueInjectOptions } from "inversify";
import { CreateConsistencyGroupHandler } from "../../application/consistency-groups/create-consistency-group.handler.js";
import { DeactivateConsistencyGroupHandler } from "../../application/consistency-groups/deactivate-consistency-group.handler.js";
import { RestoreConsistencyGroupSnapshotHandler } from "../../application/consistency-groups/restore-consistency-group-snapshot.handler.js";
import { ARRAY_FAMILY_REGISTRATION } from "../../application/ports/array-family-registration.js";
import { CLOCK } from "../../application/ports/clock.js";
import { DRIVER_REGISTRY } from "../../application/ports/driver-registry.js";
import { READ_MODEL } from "../../application/ports/read-model.js";
import { STORAGE_CONFIGURATION } from "../../application/ports/storage-configuration.js";
import { TENANT_ADMINISTRATION } from "../../application/ports/tenant-administration.js";
import { UNIT_OF_WORK } from "../../application/ports/unit-of-work.js";
import { AccessQueries } from "../../application/queries/access-queries.js";
import { BlockQueries } from "../../application/queries/block-queries.js";
import { ConsistencyGroupProtectionQueries } from "../../application/queries/consistency-group-protection-queries.js";
import { ConsistencyGroupQueries } from "../../application/queries/consistency-group-queries.js";
import { StorageQueries } from "../../application/queries/storage-queries.js";
import { TenancyQueries } from "../../application/queries/tenancy-queries.js";
import { CreateGroupSnapshotSessionHandler } from "../../application/snapshots/create-group-snapshot-session.handler.js";
import { CreateSnapshotSessionHandler } from "../../application/snapshots/create-snapshot-session.handler.js";
import { DeactivateLinkedTargetHandler } from "../../application/snapshots/deactivate-linked-target.handler.js";
import { DeactivateSnapshotSessionHandler } from "../../application/snapshots/deactivate-snapshot-session.handler.js";
import { LinkTargetsHandler } from "../../application/snapshots/link-targets.handler.js";
import { RelinkTargetsHandler } from "../../application/snapshots/relink-targets.handler.js";
import { RestoreFromLinkedTargetHandler } from "../../application/snapshots/restore-from-linked-target.handler.js";
import { RestoreSnapshotSessionHandler } from "../../application/snapshots/restore-snapshot-session.handler.js";
import { UnlinkTargetsHandler } from "../../application/snapshots/unlink-targets.handler.js";
import { CreateVirtualArrayHandler } from "../../application/storage/create-virtual-array.handler.js";
import { CreateVirtualPoolHandler } from "../../application/storage/create-virtual-pool.handler.js";
import { RegisterStorageSystemHandler } from "../../application/storage/register-storage-system.handler.js";
import { ChangeProjectAclHandler } from "../../application/tenancy/change-project-acl.handler.js";
import { ChangeRoleAssignmentsHandler } from "../../application/tenancy/change-role-assignments.handler.js";
import { CreateProjectHandler } from "../../application/tenancy/create-project.handler.js";
import { CreateSubtenantHandler } from "../../application/tenancy/create-subtenant.handler.js";
import { DeactivateProjectHandler } from "../../application/tenancy/deactivate-project.handler.js";
import { CreateVolumesHandler } from "../../application/volumes/create-volumes.handler.js";
import { DeactivateVolumeHandler } from "../../application/volumes/deactivate-volume.handler.js";

/*
 * The handlers and queries the API's routes call, one module per concept, as the route plugins
 * of src/infrastructure/http are grouped. A handler is built from the ports its constructor
 * takes (bound by the persistence, driver and process modules), listed in its parameters' order.
 */

/** Binds one instance of `Service`, built from the services bound to `dependencies`. */
function bindSingleton<Args extends unknown[], T>(
  bind: Bind,
  Service: new (...args: Args) => T,
  dependencies: MapToResolvedValueInjectOptions<Args>,
): void {
  bind(Service)
    .toResolvedValue((...args: Args) => new Service(...args), dependencies)
    .inSingletonScope();
}

const EVERY_FAMILY = { isMultiple: true, serviceIdentifier: ARRAY_FAMILY_REGISTRATION } as const;

/** The reads of volumes, snapshot sessions, linked targets and tasks, which their routes share. */
export const blockReadsModule = new ContainerModule(({ bind }) => {
  bindSingleton(bind, BlockQueries, [READ_MODEL]);
  bindSingleton(bind, ConsistencyGroupProtectionQueries, [READ_MODEL, UNIT_OF_WORK]);
});

export const volumesModule = new ContainerModule(({ bind }) => {
  bindSingleton(bind, CreateVolumesHandler, [UNIT_OF_WORK, DRIVER_REGISTRY, CLOCK]);
  bindSingleton(bind, DeactivateVolumeHandler, [UNIT_OF_WORK, CLOCK]);
});

/** Block consistency groups: made at once, read, searched, deleted. */
export const consistencyGroupsModule = new ContainerModule(({ bind }) => {
  bindSingleton(bind, ConsistencyGroupQueries, [READ_MODEL]);
  bindSingleton(bind, CreateConsistencyGroupHandler, [UNIT_OF_WORK, CLOCK]);
  bindSingleton(bind, DeactivateConsistencyGroupHandler, [UNIT_OF_WORK, CLOCK]);
});

/** The operations on snapshot sessions, which ask the session's array family what it supports. */
export const snapshotSessionsModule = new ContainerModule(({ bind }) => {
  bindSingleton(bind, CreateSnapshotSessionHandler, [
    UNIT_OF_WORK,
    DRIVER_REGISTRY,
    CLOCK,
    CreateGroupSnapshotSessionHandler,
  ]);
  bindSingleton(bind, CreateGroupSnapshotSessionHandler, [UNIT_OF_WORK, DRIVER_REGISTRY, CLOCK]);
  bindSingleton(bind, LinkTargetsHandler, [UNIT_OF_WORK, DRIVER_REGISTRY, CLOCK]);
  bindSingleton(bind, UnlinkTargetsHandler, [UNIT_OF_WORK, DRIVER_REGISTRY, CLOCK]);
  bindSingleton(bind, RelinkTargetsHandler, [UNIT_OF_WORK, DRIVER_REGISTRY, CLOCK]);
  bindSingleton(bind, RestoreSnapshotSessionHandler, [UNIT_OF_WORK, DRIVER_REGISTRY, CLOCK]);
  bindSingleton(bind, DeactivateSnapshotSessionHandler, [UNIT_OF_WORK, DRIVER_REGISTRY, CLOCK]);
});

/** Linked targets (ViPR's block snapshots). */
export const snapshotsModule = new ContainerModule(({ bind }) => {
  bindSingleton(bind, RestoreFromLinkedTargetHandler, [UNIT_OF_WORK, DRIVER_REGISTRY, CLOCK]);
  bindSingleton(bind, RestoreConsistencyGroupSnapshotHandler, [UNIT_OF_WORK, DRIVER_REGISTRY, CLOCK]);
  bindSingleton(bind, DeactivateLinkedTargetHandler, [UNIT_OF_WORK, CLOCK]);
});

/** Tenants, subtenants, projects, role assignments and project ACLs. */
export const tenancyModule = new ContainerModule(({ bind }) => {
  bindSingleton(bind, TenancyQueries, [READ_MODEL]);
  bindSingleton(bind, AccessQueries, [READ_MODEL, TENANT_ADMINISTRATION]);
  bindSingleton(bind, CreateProjectHandler, [UNIT_OF_WORK, CLOCK]);
  bindSingleton(bind, DeactivateProjectHandler, [UNIT_OF_WORK]);
  bindSingleton(bind, ChangeProjectAclHandler, [UNIT_OF_WORK, TENANT_ADMINISTRATION]);
  bindSingleton(bind, CreateSubtenantHandler, [TENANT_ADMINISTRATION, CLOCK]);
  bindSingleton(bind, ChangeRoleAssignmentsHandler, [TENANT_ADMINISTRATION]);
});

/** Storage systems, virtual arrays and virtual pools: their reads and SYSTEM_ADMIN's changes. */
export const storageModule = new ContainerModule(({ bind }) => {
  bindSingleton(bind, StorageQueries, [READ_MODEL]);
  bindSingleton(bind, RegisterStorageSystemHandler, [UNIT_OF_WORK, STORAGE_CONFIGURATION, EVERY_FAMILY, CLOCK]);
  bindSingleton(bind, CreateVirtualArrayHandler, [STORAGE_CONFIGURATION, CLOCK]);
  bindSingleton(bind, CreateVirtualPoolHandler, [UNIT_OF_WORK, STORAGE_CONFIGURATION, EVERY_FAMILY, CLOCK]);
});

/** Every concept's module: what an API process (and a test's app) loads for its routes. */
export const applicationModules: readonly ContainerModule[] = [
  blockReadsModule,
  volumesModule,
  consistencyGroupsModule,
  snapshotSessionsModule,
  snapshotsModule,
  tenancyModule,
  storageModule,
];
