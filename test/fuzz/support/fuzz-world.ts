import { randomBytes } from "node:crypto";
import type { TransactionScope } from "../../../src/application/ports/unit-of-work.js";
import { BlockConsistencyGroup } from "../../../src/domain/consistency-groups/block-consistency-group.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { BlockSnapshotSession } from "../../../src/domain/snapshots/block-snapshot-session.js";
import type { LinkedTarget } from "../../../src/domain/snapshots/linked-target.js";
import { Volume } from "../../../src/domain/storage/volume.js";
import { Project } from "../../../src/domain/tenancy/project.js";
import type { SeededFamily } from "../../../src/infrastructure/persistence/seed.js";
import type { FuzzServer } from "./fuzz-server.js";

const GIB = 1024 ** 3;
const LINKED = { state: "linked", nativeState: "Linked", defined: true, percentCopied: 0 } as const;

/** The resources one endpoint's requests are aimed at; every id exists in the database. */
export interface FuzzWorld {
  /** Active volumes of the caller's tenant, on each array family. */
  readonly volumes: readonly string[];
  readonly inactiveVolume: string;
  /** Established, active sessions of the caller's tenant; the first two share a source. */
  readonly sessions: readonly string[];
  readonly inactiveSession: string;
  /** Targets linked to the sessions above: linkedTargets[i] to sessions[i]. */
  readonly linkedTargets: readonly string[];
  /** A target still being linked, and one unlinked (inactive). */
  readonly linkingTarget: string;
  readonly unlinkedTarget: string;
  /** Consistency groups of the caller's tenant on the SnapVX array, each with GROUP_MEMBERS provisioned volumes. */
  readonly groups: readonly string[];
  /** A deleted group, and one made without array consistency (whose sessions are refused). */
  readonly inactiveGroup: string;
  readonly looseGroup: string;
  /** A volume, session, linked target and consistency group of another tenant. */
  readonly foreign: {
    readonly volume: string;
    readonly session: string;
    readonly target: string;
    readonly group: string;
  };
}

/** The members of each of the world's consistency groups: a group link makes this many targets per count. */
export const GROUP_MEMBERS = 2;

function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

function device(): { nativeId: string; wwn: string; deviceLabel: string } {
  const hex = randomBytes(8).toString("hex").toUpperCase();
  return { nativeId: hex.slice(0, 5), wwn: `6000097${hex}`, deviceLabel: uniqueName("dev") };
}

/** Builds a fresh world through the controller's own repositories, as a finished workflow would leave it. */
export async function buildWorld(server: FuzzServer): Promise<FuzzWorld> {
  const { seeded } = server;
  const otherTenant = newUrn("TenantOrg");
  await server.runtime.dataSource.query(
    "INSERT INTO tenants (id, name, creation_time) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING",
    [otherTenant, uniqueName("Other Tenant")],
  );
  return server.unitOfWork.run(async (scope) => {
    const now = Date.now();
    const otherProject = Project.create({
      id: newUrn("Project"),
      name: uniqueName("other-project"),
      tenantId: otherTenant,
      owner: "nobody",
      now,
    });
    await scope.projects.add(otherProject);

    const addVolume = async (
      family: SeededFamily,
      projectId: string,
      tenantId: string,
      consistencyGroupId: string | null = null,
    ) => {
      const volume = Volume.create({
        id: newUrn("Volume"),
        name: uniqueName(`src-${family}`),
        placement: {
          projectId,
          tenantId,
          storageSystemId: seeded.systemIds[family],
          storagePoolId: seeded.poolIds[family],
          varrayId: seeded.varrayId,
          vpoolId: (consistencyGroupId && seeded.consistencyVpoolIds[family]) || seeded.vpoolIds[family],
        },
        capacityBytes: GIB,
        consistencyGroupId,
        now,
      });
      volume.recordProvisioned(device());
      await scope.volumes.add(volume);
      return volume;
    };
    const mine = (family: SeededFamily) => addVolume(family, seeded.projectId, seeded.tenantId);
    const volumes = [await mine("vmax"), await mine("vmax"), await mine("vnxblock"), await mine("mock")];
    const inactive = await mine("vmax");
    inactive.markDeleted();
    await scope.volumes.save(inactive);

    const sources = [volumes[0], volumes[0], volumes[1], volumes[2], volumes[3]] as Volume[];
    const sessions = [];
    const linkedTargets = [];
    for (const source of sources) {
      const session = await addSession(scope, source, now);
      sessions.push(session);
      const [target] = await addTargets(scope, session, now, 1);
      linkedTargets.push(target as LinkedTarget);
    }
    const first = sessions[0] as BlockSnapshotSession;
    const [linking, unlinked] = await addTargets(scope, first, now, 2, (targets) => {
      const [, gone] = targets as [LinkedTarget, LinkedTarget];
      gone.recordProvisioned(device());
      gone.markLinked(LINKED);
      gone.markUnlinked();
    });
    const inactiveSession = await addSession(scope, volumes[0] as Volume, now, true);

    const addGroup = async (projectId: string, tenantId: string, options: { arrayConsistency?: boolean } = {}) => {
      const arrayConsistency = options.arrayConsistency ?? true;
      const group = BlockConsistencyGroup.create({
        id: newUrn("BlockConsistencyGroup"),
        name: uniqueName("cg"),
        projectId,
        tenantId,
        arrayConsistency,
        now,
      });
      if (arrayConsistency) {
        group.recordRequestedTypes(["LOCAL"]);
        group.recordArrayGroup(seeded.systemIds.vmax, group.name);
      }
      await scope.consistencyGroups.add(group);
      for (let m = 0; m < GROUP_MEMBERS; m++) await addVolume("vmax", projectId, tenantId, group.id);
      return group;
    };
    const groups = [
      await addGroup(seeded.projectId, seeded.tenantId),
      await addGroup(seeded.projectId, seeded.tenantId),
    ];
    const inactiveGroup = await addGroup(seeded.projectId, seeded.tenantId);
    inactiveGroup.markDeleted();
    await scope.consistencyGroups.save(inactiveGroup);
    const looseGroup = await addGroup(seeded.projectId, seeded.tenantId, { arrayConsistency: false });
    const foreignGroup = await addGroup(otherProject.id, otherTenant);

    const foreignVolume = await addVolume("vmax", otherProject.id, otherTenant);
    const foreignSession = await addSession(scope, foreignVolume, now);
    const [foreignTarget] = await addTargets(scope, foreignSession, now, 1);
    return {
      volumes: volumes.map((volume) => volume.id),
      inactiveVolume: inactive.id,
      sessions: sessions.map((session) => session.id),
      inactiveSession: inactiveSession.id,
      linkedTargets: linkedTargets.map((target) => target.id),
      linkingTarget: (linking as LinkedTarget).id,
      unlinkedTarget: (unlinked as LinkedTarget).id,
      groups: groups.map((group) => group.id),
      inactiveGroup: inactiveGroup.id,
      looseGroup: looseGroup.id,
      foreign: {
        volume: foreignVolume.id,
        session: foreignSession.id,
        target: (foreignTarget as LinkedTarget).id,
        group: foreignGroup.id,
      },
    };
  });
}

async function addSession(
  scope: TransactionScope,
  source: Volume,
  now: number,
  inactive = false,
): Promise<BlockSnapshotSession> {
  const { placement, capacityBytes } = source.toState();
  const session = BlockSnapshotSession.create({
    id: newUrn("BlockSnapshotSession"),
    label: uniqueName("snap"),
    source: {
      volumeId: source.id,
      projectId: placement.projectId,
      tenantId: placement.tenantId,
      storageSystemId: placement.storageSystemId,
      storagePoolId: placement.storagePoolId,
      varrayId: placement.varrayId,
      capacityBytes,
    },
    now,
  });
  session.markEstablished({ nativeId: uniqueName("snapvx"), deviceLabel: session.label });
  if (inactive) session.markInactive();
  await scope.sessions.add(session);
  return session;
}

/** Targets of the session, linked unless `settle` decides otherwise. */
async function addTargets(
  scope: TransactionScope,
  session: BlockSnapshotSession,
  now: number,
  count: number,
  settle?: (targets: LinkedTarget[]) => void,
): Promise<LinkedTarget[]> {
  const targets = session.linkTargets(
    { count, targetName: uniqueName("tgt"), copyMode: "nocopy" },
    {
      budget: {
        sourceVolumeName: "source",
        maxLinkedTargets: 1024,
        linkedOrLinkingTargets: 0,
        labelsInUse: [],
        family: "vmax",
        supportsCopyMode: true,
      },
      linkTaskId: newUrn("Task"),
      now,
      newTargetId: () => newUrn("BlockSnapshot"),
    },
  );
  if (settle) settle(targets);
  else {
    for (const target of targets) {
      target.recordProvisioned(device());
      target.markLinked(LINKED);
    }
  }
  await scope.targets.addAll(targets);
  return targets;
}
