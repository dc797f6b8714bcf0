import type { FastifyInstance } from "fastify";
import { requestCaller } from "../auth/authentication.js";
import { sendRepresentation } from "../codecs/reply.js";
import { decodeBody } from "../codecs/request-decoding.js";
import type { HttpDependencies } from "../http-dependencies.js";
import { taskListRepresentation } from "../representations/task.representations.js";
import { volumeRepresentation, volumeSearchRepresentation } from "../representations/volume.representations.js";
import { volumeCreateBody } from "../requests/request-bodies.js";

type IdParams = { Params: { id: string } };
type SearchQuery = { Querystring: { project?: string; name?: string } };

/** Block volumes: create (one task per volume), read, search by project and name. */
export function registerVolumeRoutes(app: FastifyInstance, { createVolumes, blockQueries }: HttpDependencies): void {
  app.post("/block/volumes", async (request, reply) => {
    const tasks = await createVolumes.handle(requestCaller(request), decodeBody(request.body, volumeCreateBody));
    return sendRepresentation(request, reply, 202, taskListRepresentation(tasks));
  });

  app.get<SearchQuery>("/block/volumes/search", async (request, reply) => {
    const { project, name } = request.query;
    const volumes = await blockQueries.searchVolumes(requestCaller(request), project, name);
    return sendRepresentation(request, reply, 200, volumeSearchRepresentation(volumes));
  });

  app.get<IdParams>("/block/volumes/:id", async (request, reply) => {
    const volume = await blockQueries.volume(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, volumeRepresentation(volume));
  });
}
