import type { FastifyInstance } from "fastify";
import { symmetrixIdOf } from "../unisphere/powermax-identity.js";
import type {
  ReplicationCapabilities,
  SymmetrixIdList,
  SymmetrixSystem,
  UnisphereVersion,
} from "../unisphere/system-wire.js";
import { SIMULATED_SRP } from "./powermax-storage-groups.js";
import { volumePage } from "./provisioning.routes.js";
import { UnisphereRefusal } from "./unisphere-refusal.js";
import { checkedVersion, param, powerMaxOf, query, type SurfaceContext } from "./unisphere-requests.js";
import { jobView } from "./unisphere-views.js";

/** What the surface says of itself and of its arrays. */
export interface SimulatedUnisphereIdentity {
  /** `GET /version`'s `version`. */
  readonly version: string;
  /** Newest first: the first is `GET /version`'s `api_version`. */
  readonly apiVersions: readonly string[];
  readonly model: string;
  readonly microcode: string;
}

/**
 * Unisphere 10.3 (PyU4V 10.3 refuses anything older) in front of PowerMax 8000 arrays on
 * PowerMaxOS 5978.711, a microcode with snap ids.
 */
export const SIMULATED_UNISPHERE: SimulatedUnisphereIdentity = {
  version: "V10.3.0.0",
  apiVersions: ["103", "102", "101", "100", "92"],
  model: "PowerMax_8000",
  microcode: "5978.711.711",
};

/** `GET /version`, the arrays, jobs, SnapVX capabilities and iterator pages. */
export function registerSystemRoutes(
  app: FastifyInstance,
  context: SurfaceContext,
  identity: SimulatedUnisphereIdentity,
): void {
  app.get("/version", async (): Promise<UnisphereVersion> => {
    const release = /^[A-Za-z](\d+)\.(\d+)/.exec(identity.version);
    return {
      version: identity.version,
      ...(release && Number(release[1]) >= 10 ? { api_version: identity.apiVersions[0] } : {}),
      ...(release && Number(release[1]) >= 10 ? { supported_api_versions: identity.apiVersions } : {}),
    };
  });

  const arrayList = async (request: Parameters<typeof checkedVersion>[1]): Promise<SymmetrixIdList> => {
    checkedVersion(context, request);
    return { symmetrixId: await context.arrays.symmetrixIds() };
  };
  app.get("/:version/system/symmetrix", arrayList);
  app.get("/:version/sloprovisioning/symmetrix", arrayList);

  app.get("/:version/system/symmetrix/:symmetrixId", async (request): Promise<SymmetrixSystem> => {
    const powerMax = await powerMaxOf(context, request);
    const family = Number(identity.microcode.split(".")[0]);
    const view = await powerMax.array.simulator.view(powerMax.array.system);
    return {
      symmetrixId: powerMax.array.symmetrixId,
      model: identity.model,
      ...(family >= 6079 ? { microcode: identity.microcode } : { ucode: identity.microcode }),
      local: true,
      device_count: view.devices.length,
      default_fba_srp: SIMULATED_SRP,
    };
  });

  app.get("/:version/replication/capabilities/symmetrix", async (request): Promise<ReplicationCapabilities> => {
    checkedVersion(context, request);
    const ids = await context.arrays.symmetrixIds();
    return { symmetrixCapability: ids.map((symmetrixId) => ({ symmetrixId, snapVxCapable: true, rdfCapable: false })) };
  });

  const job = async (request: Parameters<typeof checkedVersion>[1], symmetrixId?: string) => {
    checkedVersion(context, request);
    const jobId = param(request, "jobId");
    const stored = await context.store.job(jobId);
    const owner = stored ? symmetrixIdOf(stored.arrayId) : null;
    if (!stored || !owner || (symmetrixId !== undefined && symmetrixId !== owner)) {
      throw new UnisphereRefusal(404, `Cannot find job ${jobId}`);
    }
    return jobView(stored, owner);
  };
  app.get("/:version/system/job/:jobId", (request) => job(request));
  app.get("/:version/system/symmetrix/:symmetrixId/job/:jobId", (request) =>
    job(request, param(request, "symmetrixId")),
  );

  app.get("/common/Iterator/:iteratorId/page", async (request) => {
    const from = Number(query(request, "from") ?? 1);
    const to = Number(query(request, "to") ?? from);
    return volumePage(context, param(request, "iteratorId"), from, to);
  });
  app.delete("/common/Iterator/:iteratorId", async (_request, reply) => reply.code(204).send());
}
