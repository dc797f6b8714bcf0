import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import {
  isProjectPrivilege,
  isTenantRole,
  type ProjectPrivilege,
  type TenantRole,
} from "../../domain/tenancy/caller.js";
import { isBlank, requiredText } from "../shared/request-fields.js";

/** One entry of ViPR's RoleAssignmentChanges / ACLAssignmentChanges, as the client sent it. */
export interface AssignmentEntryDraft {
  readonly values?: readonly unknown[] | null;
  readonly subjectId?: unknown;
}

/** `{"add":[…],"remove":[…]}` of a role assignment or ACL change. */
export interface AssignmentChangesDraft {
  readonly add?: readonly (AssignmentEntryDraft | null)[] | null;
  readonly remove?: readonly (AssignmentEntryDraft | null)[] | null;
}

export interface AssignmentEntry<V extends string> {
  readonly subjectId: string;
  readonly values: readonly V[];
}

export interface AssignmentChanges<V extends string> {
  readonly add: readonly AssignmentEntry<V>[];
  readonly remove: readonly AssignmentEntry<V>[];
}

function readEntries<V extends string>(
  entries: readonly (AssignmentEntryDraft | null)[] | null | undefined,
  field: string,
  accepts: (value: string) => value is V,
): AssignmentEntry<V>[] {
  return (entries ?? []).map((entry) => {
    const subjectId = requiredText("subject_id", entry?.subjectId).trim();
    const values = (entry?.values ?? []).map((value) => {
      if (isBlank(value)) throw ViprErrors.requiredParameterMissingOrEmpty(field);
      const text = typeof value === "string" ? value.trim() : JSON.stringify(value);
      if (!accepts(text)) throw ViprErrors.invalidParameter(field, text);
      return text;
    });
    if (values.length === 0) throw ViprErrors.requiredParameterMissingOrEmpty(field);
    return { subjectId, values: [...new Set(values)] };
  });
}

/** A role assignment change: every role must be a tenant role (400/1008 naming it). */
export function readRoleChanges(draft: AssignmentChangesDraft): AssignmentChanges<TenantRole> {
  return { add: readEntries(draft.add, "role", isTenantRole), remove: readEntries(draft.remove, "role", isTenantRole) };
}

/** A project ACL change: every privilege must be OWN, ALL, BACKUP or USE (400/1008 naming it). */
export function readAclChanges(draft: AssignmentChangesDraft): AssignmentChanges<ProjectPrivilege> {
  return {
    add: readEntries(draft.add, "privilege", isProjectPrivilege),
    remove: readEntries(draft.remove, "privilege", isProjectPrivilege),
  };
}
