import type { FastifyInstance } from "fastify";
import { sendRepresentation } from "../codecs/reply.js";
import type { HttpDependencies } from "../http-dependencies.js";
import {
  blockVpoolRepresentation,
  storagePoolListRepresentation,
  storageSystemListRepresentation,
  storageSystemRepresentation,
  varrayListRepresentation,
  varrayRepresentation,
  vpoolListRepresentation,
} from "../representations/storage.representations.js";

type IdParams = { Params: { id: string } };

/** Storage systems, their pools, virtual arrays and virtual pools: readable by every user. */
export function registerStorageRoutes(app: FastifyInstance, { storageQueries }: HttpDependencies): void {
  app.get("/vdc/storage-systems", async (request, reply) =>
    sendRepresentation(request, reply, 200, storageSystemListRepresentation(await storageQueries.storageSystems())),
  );

  app.get<IdParams>("/vdc/storage-systems/:id", async (request, reply) =>
    sendRepresentation(
      request,
      reply,
      200,
      storageSystemRepresentation(await storageQueries.storageSystem(request.params.id)),
    ),
  );

  app.get<IdParams>("/vdc/storage-systems/:id/storage-pools", async (request, reply) =>
    sendRepresentation(
      request,
      reply,
      200,
      storagePoolListRepresentation(await storageQueries.storagePools(request.params.id)),
    ),
  );

  app.get("/vdc/varrays", async (request, reply) =>
    sendRepresentation(request, reply, 200, varrayListRepresentation(await storageQueries.varrays())),
  );

  app.get<IdParams>("/vdc/varrays/:id", async (request, reply) =>
    sendRepresentation(request, reply, 200, varrayRepresentation(await storageQueries.varray(request.params.id))),
  );

  app.get("/block/vpools", async (request, reply) =>
    sendRepresentation(request, reply, 200, vpoolListRepresentation(await storageQueries.vpools())),
  );

  app.get<IdParams>("/block/vpools/:id", async (request, reply) =>
    sendRepresentation(request, reply, 200, blockVpoolRepresentation(await storageQueries.vpool(request.params.id))),
  );
}
