import type { FastifyInstance } from "fastify";
import { requestCaller } from "../auth/authentication.js";
import { sendRepresentation } from "../codecs/reply.js";
import { decodeBody } from "../codecs/request-decoding.js";
import type { HttpDependencies } from "../http-dependencies.js";
import {
  projectCreatedRepresentation,
  projectListRepresentation,
  projectRepresentation,
  tenantInfoRepresentation,
} from "../representations/tenancy.representations.js";
import { projectCreateBody } from "../requests/request-bodies.js";

type IdParams = { Params: { id: string } };

/** The caller's tenant and its projects. */
export function registerTenancyRoutes(app: FastifyInstance, deps: HttpDependencies): void {
  const { tenancyQueries, createProject } = deps;

  app.get("/tenant", async (request, reply) => {
    const tenant = await tenancyQueries.homeTenant(requestCaller(request));
    return sendRepresentation(request, reply, 200, tenantInfoRepresentation(tenant));
  });

  app.get<IdParams>("/tenants/:id/projects", async (request, reply) => {
    const projects = await tenancyQueries.projectsOfTenant(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, projectListRepresentation(projects));
  });

  app.post<IdParams>("/tenants/:id/projects", async (request, reply) => {
    const draft = decodeBody(request.body, projectCreateBody);
    const project = await createProject.handle(requestCaller(request), request.params.id, draft);
    return sendRepresentation(request, reply, 200, projectCreatedRepresentation(project));
  });

  app.get<IdParams>("/projects/:id", async (request, reply) => {
    const project = await tenancyQueries.project(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, projectRepresentation(project));
  });
}
