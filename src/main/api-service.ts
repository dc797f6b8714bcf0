import { join } from "node:path";
import type { Container } from "inversify";
import type { Logger } from "pino";
import { AccessQueries } from "../application/queries/access-queries.js";
import { BlockQueries } from "../application/queries/block-queries.js";
import { StorageQueries } from "../application/queries/storage-queries.js";
import { TenancyQueries } from "../application/queries/tenancy-queries.js";
import { CreateSnapshotSessionHandler } from "../application/snapshots/create-snapshot-session.handler.js";
import { DeactivateLinkedTargetHandler } from "../application/snapshots/deactivate-linked-target.handler.js";
import { DeactivateSnapshotSessionHandler } from "../application/snapshots/deactivate-snapshot-session.handler.js";
import { LinkTargetsHandler } from "../application/snapshots/link-targets.handler.js";
import { RelinkTargetsHandler } from "../application/snapshots/relink-targets.handler.js";
import { RestoreFromLinkedTargetHandler } from "../application/snapshots/restore-from-linked-target.handler.js";
import { RestoreSnapshotSessionHandler } from "../application/snapshots/restore-snapshot-session.handler.js";
import { UnlinkTargetsHandler } from "../application/snapshots/unlink-targets.handler.js";
import { CreateVirtualArrayHandler } from "../application/storage/create-virtual-array.handler.js";
import { CreateVirtualPoolHandler } from "../application/storage/create-virtual-pool.handler.js";
import { RegisterStorageSystemHandler } from "../application/storage/register-storage-system.handler.js";
import { ChangeProjectAclHandler } from "../application/tenancy/change-project-acl.handler.js";
import { ChangeRoleAssignmentsHandler } from "../application/tenancy/change-role-assignments.handler.js";
import { CreateProjectHandler } from "../application/tenancy/create-project.handler.js";
import { CreateSubtenantHandler } from "../application/tenancy/create-subtenant.handler.js";
import { DeactivateProjectHandler } from "../application/tenancy/deactivate-project.handler.js";
import { CreateVolumesHandler } from "../application/volumes/create-volumes.handler.js";
import { DeactivateVolumeHandler } from "../application/volumes/deactivate-volume.handler.js";
import { SimulatorApi } from "../drivers/simulation/simulator-api.js";
import type { Config } from "../infrastructure/config/config.js";
import { AUTH_STORE } from "../infrastructure/container/infrastructure-tokens.js";
import type { AuthStore } from "../infrastructure/http/auth/auth-store.js";
import { type HttpDependencies, startHttpServers } from "../infrastructure/http/http-server.js";
import { loadOrCreateCertificate } from "../infrastructure/http/tls-certificate.js";
import { observabilityOf } from "./observability.js";

/** What the HTTP layer is built from, taken from the container: the same wiring for every server. */
export function httpDependenciesOf(container: Container, config: Config, logger?: Logger): HttpDependencies {
  return {
    linkTargets: container.get(LinkTargetsHandler),
    unlinkTargets: container.get(UnlinkTargetsHandler),
    relinkTargets: container.get(RelinkTargetsHandler),
    restoreSnapshotSession: container.get(RestoreSnapshotSessionHandler),
    restoreFromLinkedTarget: container.get(RestoreFromLinkedTargetHandler),
    deactivateSnapshotSession: container.get(DeactivateSnapshotSessionHandler),
    deactivateLinkedTarget: container.get(DeactivateLinkedTargetHandler),
    deactivateVolume: container.get(DeactivateVolumeHandler),
    createVolumes: container.get(CreateVolumesHandler),
    createSnapshotSession: container.get(CreateSnapshotSessionHandler),
    createProject: container.get(CreateProjectHandler),
    createSubtenant: container.get(CreateSubtenantHandler),
    deactivateProject: container.get(DeactivateProjectHandler),
    changeProjectAcl: container.get(ChangeProjectAclHandler),
    changeRoleAssignments: container.get(ChangeRoleAssignmentsHandler),
    accessQueries: container.get(AccessQueries),
    registerStorageSystem: container.get(RegisterStorageSystemHandler),
    createVirtualArray: container.get(CreateVirtualArrayHandler),
    createVirtualPool: container.get(CreateVirtualPoolHandler),
    storageQueries: container.get(StorageQueries),
    tenancyQueries: container.get(TenancyQueries),
    blockQueries: container.get(BlockQueries),
    auth: container.get<AuthStore>(AUTH_STORE),
    simulator: container.get(SimulatorApi),
    ...(logger ? { logger } : {}),
    tokenIdleTtlMs: config.tokenIdleTtlMs,
  };
}

/** Serves the API on HTTP and HTTPS from the container's handlers; returns how to stop it. */
export async function startApi(container: Container, config: Config, logger: Logger): Promise<() => Promise<void>> {
  const tls = await loadOrCreateCertificate(join(config.dataDir, "tls"));
  const deps = { ...httpDependenciesOf(container, config, logger), observability: observabilityOf(container, logger) };
  const servers = await startHttpServers(deps, {
    httpPort: config.httpPort,
    httpsPort: config.httpsPort,
    host: config.host,
    tls,
  });
  return () => servers.close();
}
