import { AccessQueries } from "../../../application/queries/access-queries.js";
import { TenancyQueries } from "../../../application/queries/tenancy-queries.js";
import { ChangeProjectAclHandler } from "../../../application/tenancy/change-project-acl.handler.js";
import { ChangeRoleAssignmentsHandler } from "../../../application/tenancy/change-role-assignments.handler.js";
import { CreateProjectHandler } from "../../../application/tenancy/create-project.handler.js";
import { CreateSubtenantHandler } from "../../../application/tenancy/create-subtenant.handler.js";
import { DeactivateProjectHandler } from "../../../application/tenancy/deactivate-project.handler.js";
import { documented } from "../api-docs/operation-docs.js";
import { tenancyOperations } from "../api-docs/operations/tenancy.operations.js";
import { requestCaller } from "../auth/authentication.js";
import { sendRepresentation } from "../codecs/reply.js";
import { decodeBody } from "../codecs/request-decoding.js";
import type { RoutePlugin } from "../http-dependencies.js";
import {
  aclAssignmentsRepresentation,
  projectCreatedRepresentation,
  projectListRepresentation,
  projectRepresentation,
  roleAssignmentsRepresentation,
  subtenantListRepresentation,
  tenantInfoRepresentation,
  tenantOrgRepresentation,
} from "../representations/tenancy.representations.js";
import {
  aclChangeBody,
  projectCreateBody,
  roleAssignmentChangeBody,
  subtenantCreateBody,
} from "../requests/request-bodies.js";

type IdParams = { Params: { id: string } };

/** Tenants, subtenants, projects, tenant role assignments and project ACLs. */
export const tenancyRoutes: RoutePlugin = async (app, { services }) => {
  const tenancyQueries = services.get(TenancyQueries);
  const accessQueries = services.get(AccessQueries);
  const createProject = services.get(CreateProjectHandler);
  const createSubtenant = services.get(CreateSubtenantHandler);
  const changeRoleAssignments = services.get(ChangeRoleAssignmentsHandler);
  const deactivateProject = services.get(DeactivateProjectHandler);
  const changeProjectAcl = services.get(ChangeProjectAclHandler);

  app.get("/tenant", documented(tenancyOperations.homeTenant), async (request, reply) => {
    const tenant = await tenancyQueries.homeTenant(requestCaller(request));
    return sendRepresentation(request, reply, 200, tenantInfoRepresentation(tenant));
  });

  app.get<IdParams>("/tenants/:id/projects", documented(tenancyOperations.projects), async (request, reply) => {
    const projects = await tenancyQueries.projectsOfTenant(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, projectListRepresentation(projects));
  });

  app.post<IdParams>("/tenants/:id/projects", documented(tenancyOperations.createProject), async (request, reply) => {
    const draft = decodeBody(request.body, projectCreateBody);
    const project = await createProject.handle(requestCaller(request), request.params.id, draft);
    return sendRepresentation(request, reply, 200, projectCreatedRepresentation(project));
  });

  app.get<IdParams>("/projects/:id", documented(tenancyOperations.project), async (request, reply) => {
    const project = await tenancyQueries.project(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, projectRepresentation(project));
  });

  app.get<IdParams>("/tenants/:id", documented(tenancyOperations.tenant), async (request, reply) => {
    const tenant = await accessQueries.tenantOrg(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, tenantOrgRepresentation(tenant));
  });

  app.get<IdParams>("/tenants/:id/subtenants", documented(tenancyOperations.subtenants), async (request, reply) => {
    const subtenants = await accessQueries.subtenants(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, subtenantListRepresentation(subtenants));
  });

  app.post<IdParams>(
    "/tenants/:id/subtenants",
    documented(tenancyOperations.createSubtenant),
    async (request, reply) => {
      const draft = decodeBody(request.body, subtenantCreateBody);
      const tenant = await createSubtenant.handle(requestCaller(request), request.params.id, draft);
      return sendRepresentation(request, reply, 200, tenantOrgRepresentation(tenant));
    },
  );

  app.get<IdParams>(
    "/tenants/:id/role-assignments",
    documented(tenancyOperations.roleAssignments),
    async (request, reply) => {
      const assignments = await accessQueries.roleAssignments(requestCaller(request), request.params.id);
      return sendRepresentation(request, reply, 200, roleAssignmentsRepresentation(assignments));
    },
  );

  app.put<IdParams>(
    "/tenants/:id/role-assignments",
    documented(tenancyOperations.changeRoleAssignments),
    async (request, reply) => {
      const draft = decodeBody(request.body, roleAssignmentChangeBody);
      const assignments = await changeRoleAssignments.handle(requestCaller(request), request.params.id, draft);
      return sendRepresentation(request, reply, 200, roleAssignmentsRepresentation(assignments));
    },
  );

  app.post<IdParams>(
    "/projects/:id/deactivate",
    documented(tenancyOperations.deactivateProject),
    async (request, reply) => {
      await deactivateProject.handle(requestCaller(request), request.params.id);
      return reply.code(200).send();
    },
  );

  app.get<IdParams>("/projects/:id/acl", documented(tenancyOperations.acl), async (request, reply) => {
    const acl = await accessQueries.projectAcl(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, aclAssignmentsRepresentation(acl));
  });

  app.put<IdParams>("/projects/:id/acl", documented(tenancyOperations.changeAcl), async (request, reply) => {
    const draft = decodeBody(request.body, aclChangeBody);
    const acl = await changeProjectAcl.handle(requestCaller(request), request.params.id, draft);
    return sendRepresentation(request, reply, 200, aclAssignmentsRepresentation(acl));
  });
};
