import { list, node, type Representation, representation } from "./document.js";

/** `loggedIn`: `{"user":"root"}`. */
export function loggedInRepresentation(userName: string): Representation {
  return representation("loggedIn", { user: userName });
}

/** `loggedOut`: `{"user":"root"}`. */
export function loggedOutRepresentation(userName: string): Representation {
  return representation("loggedOut", { user: userName });
}

/**
 * `user` (`GET /user/whoami`, ViPR's UserInfo): the user's name, home tenant and roles, and
 * the roles it holds in other tenants (`subtenant_roles`, `<subtenant><tenant/><roles><role/>…`).
 */
export function whoAmIRepresentation(user: {
  readonly name: string;
  readonly tenantId: string;
  readonly vdcRoles: readonly string[];
  readonly homeTenantRoles: readonly string[];
  readonly subtenantRoles?: readonly { readonly tenantId: string; readonly roles: readonly string[] }[];
}): Representation {
  return representation("user", {
    name: user.name,
    common_name: user.name,
    distinguished_name: user.name,
    tenant: user.tenantId,
    vdc_roles: list("vdc_role", user.vdcRoles),
    home_tenant_roles: list("home_tenant_role", user.homeTenantRoles),
    subtenant_roles: list(
      "subtenant",
      (user.subtenantRoles ?? []).map((held) => node({ tenant: held.tenantId, roles: list("role", held.roles) })),
    ),
  });
}
