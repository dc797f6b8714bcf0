import { StorageQueries } from "../../../application/queries/storage-queries.js";
import type { SearchParameters } from "../../../application/queries/zone-resource-search.js";
import { CreateVirtualArrayHandler } from "../../../application/storage/create-virtual-array.handler.js";
import { CreateVirtualPoolHandler } from "../../../application/storage/create-virtual-pool.handler.js";
import { RegisterStorageSystemHandler } from "../../../application/storage/register-storage-system.handler.js";
import { documented } from "../api-docs/operation-docs.js";
import { storageOperations } from "../api-docs/operations/storage.operations.js";
import { requestCaller } from "../auth/authentication.js";
import { sendRepresentation } from "../codecs/reply.js";
import { decodeBody } from "../codecs/request-decoding.js";
import type { RoutePlugin } from "../http-dependencies.js";
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
import { blockVpoolCreateBody, storageSystemCreateBody, varrayCreateBody } from "../requests/storage-request-bodies.js";

type IdParams = { Params: { id: string } };

/**
 * Storage systems, their pools, virtual arrays and virtual pools: readable by every user, and
 * SYSTEM_ADMIN's changes to them, each answering with the new resource.
 */
export const storageRoutes: RoutePlugin = async (app, { services }) => {
  const storageQueries = services.get(StorageQueries);
  const registerStorageSystem = services.get(RegisterStorageSystemHandler);
  const createVirtualArray = services.get(CreateVirtualArrayHandler);
  const createVirtualPool = services.get(CreateVirtualPoolHandler);

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
};
