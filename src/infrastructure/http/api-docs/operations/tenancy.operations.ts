import {
  aclChangeBody,
  projectCreateBody,
  roleAssignmentChangeBody,
  subtenantCreateBody,
} from "../../requests/request-bodies.js";
import type { OperationDocs } from "../operation-docs.js";
import { responses } from "../responses.js";

const tag: OperationDocs["tag"] = "Tenancy";

export const tenancyOperations = {
  homeTenant: { tag, summary: "The caller's home tenant", responses: { 200: responses.tenantInfo } },
  tenant: { tag, summary: "A tenant", responses: { 200: responses.tenantOrg }, refusals: [3000] },
  subtenants: {
    tag,
    summary: "The tenant's subtenants",
    responses: { 200: responses.subtenantList },
    refusals: [3000],
  },
  createSubtenant: {
    tag,
    summary: "Create a subtenant",
    body: {
      kind: "described",
      body: subtenantCreateBody,
      examples: {
        subtenant: {
          summary: "a subtenant whose users are a domain's group",
          json: {
            name: "engineering",
            description: "Engineering's storage",
            user_mappings: [
              { domain: "example.com", attributes: [{ key: "ou", value: ["eng"] }], groups: ["storage-users"] },
            ],
          },
        },
      },
    },
    responses: { 200: responses.tenantOrg },
    refusals: [3000, 1005, 1008],
  },
  roleAssignments: {
    tag,
    summary: "The tenant's role assignments",
    responses: { 200: responses.roleAssignments },
    refusals: [3000],
  },
  changeRoleAssignments: {
    tag,
    summary: "Grant and revoke tenant roles",
    body: {
      kind: "described",
      body: roleAssignmentChangeBody,
      examples: {
        grant: {
          summary: "make alice a tenant admin",
          json: { add: [{ role: ["TENANT_ADMIN"], subject_id: "alice" }] },
        },
      },
    },
    responses: { 200: responses.roleAssignments },
    refusals: [3000, 1005, 1008],
  },
  projects: { tag, summary: "The tenant's projects", responses: { 200: responses.projectList }, refusals: [3000] },
  createProject: {
    tag,
    summary: "Create a project in the tenant",
    body: {
      kind: "described",
      body: projectCreateBody,
      examples: { project: { summary: "a project", json: { name: "project1" } } },
    },
    responses: { 200: responses.projectCreated },
    refusals: [3000, 1005, 1008],
  },
  project: { tag, summary: "A project", responses: { 200: responses.project }, refusals: [3000] },
  deactivateProject: {
    tag,
    summary: "Delete a project (refused while it holds active volumes)",
    responses: { 200: { kind: "empty", description: "Deleted" } },
    refusals: [3000, 2001, 1013],
  },
  acl: { tag, summary: "The project's ACL", responses: { 200: responses.acl }, refusals: [3000] },
  changeAcl: {
    tag,
    summary: "Grant and revoke project privileges",
    body: {
      kind: "described",
      body: aclChangeBody,
      examples: { grant: { summary: "give alice ALL", json: { add: [{ privilege: ["ALL"], subject_id: "alice" }] } } },
    },
    responses: { 200: responses.acl },
    refusals: [3000, 1005, 1008],
  },
} satisfies Record<string, OperationDocs>;
