import { newUrn } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { canCreateSubtenant } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import { TenancyErrors } from "../../domain/tenancy/tenancy-errors.js";
import type { Clock } from "../ports/clock.js";
import type { TenantAdministration, TenantOrgView, UserMapping } from "../ports/tenant-administration.js";
import { isBlank, requiredText } from "../shared/request-fields.js";
import { requireActiveTenant } from "./tenant-lookup.js";

/** ViPR's TenantCreateParam as the client sent it. */
export interface CreateSubtenantDraft {
  readonly name?: unknown;
  readonly description?: unknown;
  readonly userMappings?: readonly (UserMappingDraft | null)[] | null;
}

export interface UserMappingDraft {
  readonly domain?: unknown;
  readonly attributes?:
    | readonly ({ readonly key?: unknown; readonly values?: readonly unknown[] | null } | null)[]
    | null;
  readonly groups?: readonly unknown[] | null;
}

/** The longest tenant name accepted (ViPR labels). */
const MAX_NAME_LENGTH = 128;

function optionalText(name: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw ViprErrors.invalidParameter(name, JSON.stringify(value));
  return value;
}

function texts(name: string, values: readonly unknown[] | null | undefined): string[] {
  return (values ?? []).map((value) => requiredText(name, value).trim());
}

/** At least one mapping, each naming its domain (as the real controller requires). */
function readUserMappings(drafts: CreateSubtenantDraft["userMappings"]): UserMapping[] {
  if (!drafts || drafts.length === 0) throw ViprErrors.requiredParameterMissingOrEmpty("user_mappings");
  return drafts.map((draft) => ({
    domain: requiredText("domain", draft?.domain).trim(),
    attributes: (draft?.attributes ?? []).map((attribute) => ({
      key: requiredText("key", attribute?.key).trim(),
      values: texts("value", attribute?.values),
    })),
    groups: texts("group", draft?.groups),
  }));
}

/**
 * `POST /tenants/{id}/subtenants`: SECURITY_ADMIN, or TENANT_ADMIN of the parent, which must
 * be the root tenant. Needs `name` and `user_mappings`; the creator becomes TENANT_ADMIN of
 * the subtenant.
 */
export class CreateSubtenantHandler {
  constructor(
    private readonly tenants: TenantAdministration,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, parentTenantId: string, draft: CreateSubtenantDraft): Promise<TenantOrgView> {
    const parent = await requireActiveTenant(this.tenants, parentTenantId);
    if (!canCreateSubtenant(caller, parent.id)) throw ViprErrors.insufficientPermissions(caller.userName);
    if (parent.parentTenantId !== null) throw TenancyErrors.parentTenantIsNotRoot();
    const name = requiredText("name", draft.name).trim();
    if (name.length > MAX_NAME_LENGTH) throw ViprErrors.parameterTooLong("name", name, MAX_NAME_LENGTH);
    const description = optionalText("description", draft.description);
    const userMappings = readUserMappings(draft.userMappings);
    const created = await this.tenants.createSubtenant({
      id: newUrn("TenantOrg"),
      name,
      parentTenantId: parent.id,
      description: isBlank(description) ? null : description,
      userMappings,
      creationTime: this.clock.now(),
      creator: caller.userName,
    });
    if (!created) throw ViprErrors.duplicateLabel(name);
    return created;
  }
}
