import { newUrn } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { isSystemAdmin } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { ArrayFamilyRegistration } from "../ports/array-family-registration.js";
import type { Clock } from "../ports/clock.js";
import type { NewVirtualPool, StorageConfiguration } from "../ports/storage-configuration.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { integerField, isBlank, requiredText } from "../shared/request-fields.js";
import { existingVirtualArrays, optionalText, storageLabel } from "./storage-request-fields.js";

export interface CreateVirtualPoolDraft {
  readonly name?: unknown;
  readonly description?: unknown;
  readonly systemType?: unknown;
  readonly provisioningType?: unknown;
  readonly protocols?: unknown;
  readonly varrays?: unknown;
  readonly multiVolumeConsistency?: unknown;
  readonly protection?: { readonly snapshots?: { readonly maxNativeSnapshots?: unknown } | null } | null;
}

const PROVISIONING_TYPES = ["Thin", "Thick"];
const BLOCK_PROTOCOLS = ["FC", "iSCSI", "ScaleIO", "RBD", "NVMe"];

/**
 * `POST /block/vpools`: a block virtual pool of one array family on some virtual arrays
 * (SYSTEM_ADMIN). Without `protection.snapshots.max_native_snapshots` the family's own
 * snapshot limit per source applies.
 */
export class CreateVirtualPoolHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly configuration: StorageConfiguration,
    private readonly families: readonly ArrayFamilyRegistration[],
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, draft: CreateVirtualPoolDraft): Promise<NewVirtualPool> {
    if (!isSystemAdmin(caller)) throw ViprErrors.insufficientPermissions(caller.userName);
    const name = storageLabel("name", draft.name);
    optionalText("description", draft.description);
    const systemType = requiredText("system_type", draft.systemType);
    const family = this.families.find((candidate) => candidate.systemType === systemType);
    if (!family) throw ViprErrors.invalidParameter("system_type", systemType);
    const provisioning = optionalText("provisioning_type", draft.provisioningType);
    if (provisioning !== undefined && !PROVISIONING_TYPES.includes(provisioning)) {
      throw ViprErrors.invalidParameter("provisioning_type", provisioning);
    }
    checkProtocols(draft.protocols);
    const varrayIds = await existingVirtualArrays(this.unitOfWork, "varrays", draft.varrays);
    const vpool = {
      id: newUrn("VirtualPool"),
      name,
      systemType,
      varrayIds,
      maxSnapshots: maxSnapshotsOf(draft, family.maxSnapshotsPerSource),
      multiVolumeConsistency: draft.multiVolumeConsistency === true,
      creationTime: this.clock.now(),
    };
    if ((await this.configuration.addVirtualPool(vpool)) !== "added") throw ViprErrors.duplicateLabel(name);
    return vpool;
  }
}

function checkProtocols(value: unknown): void {
  if (isBlank(value)) return;
  if (!Array.isArray(value)) throw ViprErrors.invalidParameter("protocols", JSON.stringify(value));
  for (const protocol of value) {
    const text = requiredText("protocols", protocol);
    if (!BLOCK_PROTOCOLS.includes(text)) throw ViprErrors.invalidParameter("protocols", text);
  }
}

function maxSnapshotsOf(draft: CreateVirtualPoolDraft, familyLimit: number): number {
  const given = draft.protection?.snapshots?.maxNativeSnapshots;
  if (isBlank(given)) return familyLimit;
  const max = integerField("max_native_snapshots", given);
  if (max < 0) throw ViprErrors.parameterBelowMinimum("max_native_snapshots", max, 0);
  return max;
}
