import { list, type Representation, representation } from "./document.js";

/** `loggedIn`: `{"user":"root"}`. */
export function loggedInRepresentation(userName: string): Representation {
  return representation("loggedIn", { user: userName });
}

/** `loggedOut`: `{"user":"root"}`. */
export function loggedOutRepresentation(userName: string): Representation {
  return representation("loggedOut", { user: userName });
}

/** `user` (`GET /user/whoami`): the user's name, home tenant and roles. */
export function whoAmIRepresentation(user: {
  readonly name: string;
  readonly tenantId: string;
  readonly vdcRoles: readonly string[];
  readonly homeTenantRoles: readonly string[];
}): Representation {
  return representation("user", {
    name: user.name,
    common_name: user.name,
    tenant: user.tenantId,
    vdc_roles: list("vdc_role", user.vdcRoles),
    home_tenant_roles: list("home_tenant_role", user.homeTenantRoles),
  });
}
