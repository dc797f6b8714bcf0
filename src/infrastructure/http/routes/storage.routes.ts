import type { FastifyInstance } from "fastify";
import type { SearchParameters } from "../../../application/queries/zone-resource-search.js";
import { documented } from "../api-docs/operation-docs.js";
import { storageOperations } from "../api-docs/operations/storage.operations.js";
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
  vpoolSearchRepresentation,
} from "../representations/storage.representations.js";

type IdParams = { Params: { id: string } };

/** Storage systems, their pools, virtual arrays and virtual pools: readable by every user. */
export function registerStorageRoutes(app: FastifyInstance, { storageQueries }: HttpDependencies): void {
  app.get("/vdc/storage-systems", documented(storageOperations.storageSystems), async (request, reply) =>
    sendRepresentation(request, reply, 200, storageSystemListRepresentation(await storageQueries.storageSystems())),
  );

  app.get<IdParams>("/vdc/storage-systems/:id", documented(storageOperations.storageSystem), async (request, reply) =>
    sendRepresentation(
      request,
      reply,
      200,
      storageSystemRepresentation(await storageQueries.storageSystem(request.params.id)),
    ),
  );

  app.get<IdParams>(
    "/vdc/storage-systems/:id/storage-pools",
    documented(storageOperations.storagePools),
    async (request, reply) =>
      sendRepresentation(
        request,
        reply,
        200,
        storagePoolListRepresentation(await storageQueries.storagePools(request.params.id)),
      ),
  );

  app.get("/vdc/varrays", documented(storageOperations.varrays), async (request, reply) =>
    sendRepresentation(request, reply, 200, varrayListRepresentation(await storageQueries.varrays())),
  );

  app.get<IdParams>("/vdc/varrays/:id", documented(storageOperations.varray), async (request, reply) =>
    sendRepresentation(request, reply, 200, varrayRepresentation(await storageQueries.varray(request.params.id))),
  );

  app.get("/block/vpools", documented(storageOperations.vpools), async (request, reply) =>
    sendRepresentation(request, reply, 200, vpoolListRepresentation(await storageQueries.vpools())),
  );

  app.get<{ Querystring: SearchParameters }>(
    "/block/vpools/search",
    documented(storageOperations.searchVpools),
    async (request, reply) =>
      sendRepresentation(
        request,
        reply,
        200,
        vpoolSearchRepresentation(await storageQueries.searchVpools(request.query)),
      ),
  );

  app.get<IdParams>("/block/vpools/:id", documented(storageOperations.vpool), async (request, reply) =>
    sendRepresentation(request, reply, 200, blockVpoolRepresentation(await storageQueries.vpool(request.params.id))),
  );
}
