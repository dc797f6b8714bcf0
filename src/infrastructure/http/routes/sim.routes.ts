import type { FastifyReply, FastifyRequest } from "fastify";
import { ServiceCode } from "../../../domain/shared/service-code.js";
import { ServiceError } from "../../../domain/shared/service-error.js";
import { ViprErrors } from "../../../domain/shared/vipr-errors.js";
import { MAX_DATA_TRANSFER_BYTES } from "../../../drivers/simulation/simulated-arrays.js";
import { SimulatorApi } from "../../../drivers/simulation/simulator-api.js";
import { documented } from "../api-docs/operation-docs.js";
import { simOperations } from "../api-docs/operations/sim.operations.js";
import { requestCaller } from "../auth/authentication.js";
import type { RoutePlugin } from "../http-dependencies.js";
import { simArrayJson, simClockJson, simFaultsJson } from "../representations/sim.representations.js";
import { byteCount, clockRequest, faultRequest } from "../requests/sim-requests.js";

type IdParams = { Params: { id: string } };

const OCTET_STREAM = "application/octet-stream";

/**
 * The simulator's own API (docs/api/sim.md), outside the ViPR surface: JSON only, SYSTEM_ADMIN only
 * (checked before any body is read). Volume data travels as raw bytes (`application/octet-stream`),
 * parsed here as a buffer, never as JSON or XML. The check and that parser apply to this plugin's
 * routes only.
 */
export const simRoutes: RoutePlugin = async (sim, { services }) => {
  const simulator = services.get(SimulatorApi);
  sim.addHook("onRequest", requireSystemAdmin);
  sim.addContentTypeParser(OCTET_STREAM, { parseAs: "buffer", bodyLimit: MAX_DATA_TRANSFER_BYTES }, (_r, body, done) =>
    done(null, body),
  );

  sim.get<IdParams>("/sim/storage-systems/:id", documented(simOperations.array), async (request, reply) => {
    const { system, view } = await simulator.storageSystem(request.params.id);
    return json(reply, 200, simArrayJson(system, view));
  });

  sim.post<IdParams>(
    "/sim/storage-systems/:id/faults",
    documented(simOperations.injectFault),
    async (request, reply) => {
      const faults = await simulator.injectFault(request.params.id, faultRequest(request.body));
      return json(reply, 200, simFaultsJson(faults));
    },
  );

  sim.delete<IdParams>(
    "/sim/storage-systems/:id/faults",
    documented(simOperations.clearFaults),
    async (request, reply) => {
      await simulator.clearFaults(request.params.id);
      return reply.code(204).send();
    },
  );

  sim.put<IdParams>(
    "/sim/volumes/:id/data",
    { bodyLimit: MAX_DATA_TRANSFER_BYTES, ...documented(simOperations.writeData) },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new ServiceError(ServiceCode.BAD_REQUEST_BODY, `Send the bytes to write as ${OCTET_STREAM}`);
      }
      await simulator.writeData(request.params.id, byteCount(request.query, "offset", 0), request.body);
      return reply.code(204).send();
    },
  );

  sim.get<IdParams>("/sim/volumes/:id/data", documented(simOperations.readData), async (request, reply) => {
    const offset = byteCount(request.query, "offset", 0);
    const bytes = await simulator.readData(request.params.id, offset, byteCount(request.query, "length"));
    return reply
      .code(200)
      .type(OCTET_STREAM)
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });

  sim.get<IdParams>("/sim/volumes/:id/digest", documented(simOperations.digest), async (request, reply) => {
    const digest = await simulator.digest(request.params.id);
    return json(reply, 200, { sha256: digest.sha256, full_copy: digest.fullCopy });
  });

  sim.get("/sim/clock", documented(simOperations.clock), async (_request, reply) =>
    json(reply, 200, simClockJson(await simulator.clock())),
  );

  sim.put("/sim/clock", documented(simOperations.setClock), async (request, reply) =>
    json(reply, 200, simClockJson(await simulator.setClock(clockRequest(request.body)))),
  );
};

async function requireSystemAdmin(request: FastifyRequest): Promise<void> {
  const caller = requestCaller(request);
  if (!caller.vdcRoles.has("SYSTEM_ADMIN")) throw ViprErrors.insufficientPermissions(caller.userName);
}

function json(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type("application/json").send(JSON.stringify(body));
}
