import type { FastifyInstance } from "fastify";
import { documented } from "../api-docs/operation-docs.js";
import { storageOperations } from "../api-docs/operations/storage.operations.js";
import { requestCaller } from "../auth/authentication.js";
import { sendRepresentation } from "../codecs/reply.js";
import { decodeBody } from "../codecs/request-decoding.js";
import type { HttpDependencies } from "../http-dependencies.js";
import {
  blockVpoolRepresentation,
  storageSystemRepresentation,
  varrayRepresentation,
} from "../representations/storage.representations.js";
import { blockVpoolCreateBody, storageSystemCreateBody, varrayCreateBody } from "../requests/storage-request-bodies.js";

/** SYSTEM_ADMIN's changes to the storage configuration; each answers with the new resource. */
export function registerStorageAdministrationRoutes(app: FastifyInstance, deps: HttpDependencies): void {
  const { registerStorageSystem, createVirtualArray, createVirtualPool } = deps;

  app.post("/vdc/storage-systems", documented(storageOperations.registerStorageSystem), async (request, reply) => {
    const draft = decodeBody(request.body, storageSystemCreateBody);
    const system = await registerStorageSystem.handle(requestCaller(request), draft);
    return sendRepresentation(request, reply, 200, storageSystemRepresentation(system));
  });

  app.post("/vdc/varrays", documented(storageOperations.createVarray), async (request, reply) => {
    const varray = await createVirtualArray.handle(requestCaller(request), decodeBody(request.body, varrayCreateBody));
    return sendRepresentation(request, reply, 200, varrayRepresentation(varray));
  });

  app.post("/block/vpools", documented(storageOperations.createVpool), async (request, reply) => {
    const vpool = await createVirtualPool.handle(
      requestCaller(request),
      decodeBody(request.body, blockVpoolCreateBody),
    );
    return sendRepresentation(request, reply, 200, blockVpoolRepresentation(vpool));
  });
}
