import { ContainerModule } from "inversify";
import type { Clock } from "../../application/ports/clock.js";
import { CLOCK } from "../../application/ports/clock.js";
import type { DriverRegistry } from "../../application/ports/driver-registry.js";
import { DRIVER_REGISTRY } from "../../application/ports/driver-registry.js";
import type { ReadModel } from "../../application/ports/read-model.js";
import { READ_MODEL } from "../../application/ports/read-model.js";
import type { TenantAdministration } from "../../application/ports/tenant-administration.js";
import { TENANT_ADMINISTRATION } from "../../application/ports/tenant-administration.js";
import type { UnitOfWork } from "../../application/ports/unit-of-work.js";
import { UNIT_OF_WORK } from "../../application/ports/unit-of-work.js";
import { AccessQueries } from "../../application/queries/access-queries.js";
import { BlockQueries } from "../../application/queries/block-queries.js";
import { StorageQueries } from "../../application/queries/storage-queries.js";
import { TenancyQueries } from "../../application/queries/tenancy-queries.js";
import { CreateSnapshotSessionHandler } from "../../application/snapshots/create-snapshot-session.handler.js";
import { DeactivateLinkedTargetHandler } from "../../application/snapshots/deactivate-linked-target.handler.js";
import { DeactivateSnapshotSessionHandler } from "../../application/snapshots/deactivate-snapshot-session.handler.js";
import { LinkTargetsHandler } from "../../application/snapshots/link-targets.handler.js";
import { RelinkTargetsHandler } from "../../application/snapshots/relink-targets.handler.js";
import { RestoreFromLinkedTargetHandler } from "../../application/snapshots/restore-from-linked-target.handler.js";
import { RestoreSnapshotSessionHandler } from "../../application/snapshots/restore-snapshot-session.handler.js";
import { UnlinkTargetsHandler } from "../../application/snapshots/unlink-targets.handler.js";
import { ChangeProjectAclHandler } from "../../application/tenancy/change-project-acl.handler.js";
import { ChangeRoleAssignmentsHandler } from "../../application/tenancy/change-role-assignments.handler.js";
import { CreateProjectHandler } from "../../application/tenancy/create-project.handler.js";
import { CreateSubtenantHandler } from "../../application/tenancy/create-subtenant.handler.js";
import { DeactivateProjectHandler } from "../../application/tenancy/deactivate-project.handler.js";
import { CreateVolumesHandler } from "../../application/volumes/create-volumes.handler.js";
import { DeactivateVolumeHandler } from "../../application/volumes/deactivate-volume.handler.js";

/** The use-case handlers and read queries the API calls. */
export const applicationModule = new ContainerModule(({ bind }) => {
  /** The operations on snapshot sessions, which ask the session's array family what it supports. */
  const sessionHandler = <T>(Handler: new (uow: UnitOfWork, drivers: DriverRegistry, clock: Clock) => T) =>
    bind(Handler)
      .toResolvedValue(
        (uow: UnitOfWork, drivers: DriverRegistry, clock: Clock) => new Handler(uow, drivers, clock),
        [UNIT_OF_WORK, DRIVER_REGISTRY, CLOCK],
      )
      .inSingletonScope();
  sessionHandler(CreateSnapshotSessionHandler);
  sessionHandler(LinkTargetsHandler);
  sessionHandler(UnlinkTargetsHandler);
  sessionHandler(RelinkTargetsHandler);
  sessionHandler(RestoreSnapshotSessionHandler);
  sessionHandler(DeactivateSnapshotSessionHandler);
  bind(CreateVolumesHandler)
    .toResolvedValue((uow: UnitOfWork, clock: Clock) => new CreateVolumesHandler(uow, clock), [UNIT_OF_WORK, CLOCK])
    .inSingletonScope();
  bind(CreateProjectHandler)
    .toResolvedValue((uow: UnitOfWork, clock: Clock) => new CreateProjectHandler(uow, clock), [UNIT_OF_WORK, CLOCK])
    .inSingletonScope();
  const withUnitOfWorkAndClock = <T>(Handler: new (uow: UnitOfWork, clock: Clock) => T) =>
    bind(Handler)
      .toResolvedValue((uow: UnitOfWork, clock: Clock) => new Handler(uow, clock), [UNIT_OF_WORK, CLOCK])
      .inSingletonScope();
  withUnitOfWorkAndClock(RestoreFromLinkedTargetHandler);
  withUnitOfWorkAndClock(DeactivateLinkedTargetHandler);
  withUnitOfWorkAndClock(DeactivateVolumeHandler);
  bind(BlockQueries)
    .toResolvedValue((readModel: ReadModel) => new BlockQueries(readModel), [READ_MODEL])
    .inSingletonScope();
  bind(StorageQueries)
    .toResolvedValue((readModel: ReadModel) => new StorageQueries(readModel), [READ_MODEL])
    .inSingletonScope();
  bind(DeactivateProjectHandler)
    .toResolvedValue((uow: UnitOfWork) => new DeactivateProjectHandler(uow), [UNIT_OF_WORK])
    .inSingletonScope();
  bind(ChangeProjectAclHandler)
    .toResolvedValue(
      (uow: UnitOfWork, tenants: TenantAdministration) => new ChangeProjectAclHandler(uow, tenants),
      [UNIT_OF_WORK, TENANT_ADMINISTRATION],
    )
    .inSingletonScope();
  bind(CreateSubtenantHandler)
    .toResolvedValue(
      (tenants: TenantAdministration, clock: Clock) => new CreateSubtenantHandler(tenants, clock),
      [TENANT_ADMINISTRATION, CLOCK],
    )
    .inSingletonScope();
  bind(ChangeRoleAssignmentsHandler)
    .toResolvedValue(
      (tenants: TenantAdministration) => new ChangeRoleAssignmentsHandler(tenants),
      [TENANT_ADMINISTRATION],
    )
    .inSingletonScope();
  bind(AccessQueries)
    .toResolvedValue(
      (readModel: ReadModel, tenants: TenantAdministration) => new AccessQueries(readModel, tenants),
      [READ_MODEL, TENANT_ADMINISTRATION],
    )
    .inSingletonScope();
  bind(TenancyQueries)
    .toResolvedValue((readModel: ReadModel) => new TenancyQueries(readModel), [READ_MODEL])
    .inSingletonScope();
});
