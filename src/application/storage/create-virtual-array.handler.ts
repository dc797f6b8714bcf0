import { newUrn } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { isSystemAdmin } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { NewVirtualArray, StorageConfiguration } from "../ports/storage-configuration.js";
import { storageLabel } from "./storage-request-fields.js";

export interface CreateVirtualArrayDraft {
  readonly name?: unknown;
}

/** `POST /vdc/varrays`: a new virtual array (SYSTEM_ADMIN). */
export class CreateVirtualArrayHandler {
  constructor(
    private readonly configuration: StorageConfiguration,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, draft: CreateVirtualArrayDraft): Promise<NewVirtualArray> {
    if (!isSystemAdmin(caller)) throw ViprErrors.insufficientPermissions(caller.userName);
    const varray = {
      id: newUrn("VirtualArray"),
      name: storageLabel("name", draft.name),
      creationTime: this.clock.now(),
    };
    if ((await this.configuration.addVirtualArray(varray)) !== "added") throw ViprErrors.duplicateLabel(varray.name);
    return varray;
  }
}
