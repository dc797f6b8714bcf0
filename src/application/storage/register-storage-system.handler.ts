import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { newUrn } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { isSystemAdmin } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { ArrayFamilyRegistration } from "../ports/array-family-registration.js";
import type { Clock } from "../ports/clock.js";
import type { NewStorageSystem, StorageConfiguration } from "../ports/storage-configuration.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { isBlank, requiredText } from "../shared/request-fields.js";
import { existingVirtualArrays, optionalText, storageLabel } from "./storage-request-fields.js";

export interface RegisterStorageSystemDraft {
  readonly name?: unknown;
  readonly systemType?: unknown;
  readonly serialNumber?: unknown;
  readonly varrays?: unknown;
  /** The family's settings, keyed as the family names them (`maxLinkedTargetsPerSource`…). */
  readonly settings?: unknown;
}

/** The registered system as the API shows it (its pool and varrays are shown by their own endpoints). */
export type RegisteredStorageSystem = Omit<NewStorageSystem, "pool" | "varrayIds">;

const MAX_SERIAL_NUMBER_LENGTH = 64;

/**
 * `POST /vdc/storage-systems`: registers a simulated array of a known family with its
 * settings and one storage pool, at once (a simulated array needs no discovery).
 */
export class RegisterStorageSystemHandler {
  private readonly families: ReadonlyMap<string, ArrayFamilyRegistration>;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly configuration: StorageConfiguration,
    families: readonly ArrayFamilyRegistration[],
    private readonly clock: Clock,
  ) {
    this.families = new Map(families.map((family) => [family.systemType, family]));
  }

  async handle(caller: Caller, draft: RegisterStorageSystemDraft): Promise<RegisteredStorageSystem> {
    if (!isSystemAdmin(caller)) throw ViprErrors.insufficientPermissions(caller.userName);
    const name = storageLabel("name", draft.name);
    const systemType = requiredText("system_type", draft.systemType);
    const family = this.families.get(systemType);
    if (!family) throw ViprErrors.invalidParameter("system_type", systemType);
    const serial = optionalText("serial_number", draft.serialNumber);
    if (serial !== undefined && serial.length > MAX_SERIAL_NUMBER_LENGTH) {
      throw ViprErrors.parameterTooLong("serial_number", serial, MAX_SERIAL_NUMBER_LENGTH);
    }
    const varrayIds = await existingVirtualArrays(this.unitOfWork, "varrays", draft.varrays);
    const settings = settingsOf(draft.settings);
    const problem = family.settingsProblem(settings);
    if (problem) throw ViprErrors.invalidParameter(`settings.${snakeCase(problem.key)}`, display(problem.value));
    const serialProblem = family.serialNumberProblem(serial, settings);
    if (serialProblem === "missing") throw ViprErrors.requiredParameterMissingOrEmpty("serial_number");
    if (serialProblem === "invalid") throw ViprErrors.invalidParameter("serial_number", serial ?? "");

    const system = {
      id: newUrn("StorageSystem"),
      name,
      systemType,
      nativeId: serial ?? family.newSerialNumber(),
      settings,
      creationTime: this.clock.now(),
    };
    const outcome = await this.configuration.addStorageSystem({
      ...system,
      pool: { id: newUrn("StoragePool"), name: family.poolName, nativeId: family.poolName },
      varrayIds,
    });
    if (outcome === "name-taken") throw ViprErrors.duplicateLabel(name);
    if (outcome === "serial-taken") {
      throw ServiceError.of(
        ServiceCode.PARAMETER_INVALID,
        "A storage system with serial number {0} is already registered.",
        system.nativeId,
      );
    }
    return system;
  }
}

/**
 * The settings as the family reads them: absent entries dropped, and numbers and booleans
 * that arrive as text (always, in XML) read as numbers and booleans.
 */
function settingsOf(value: unknown): Record<string, unknown> {
  if (isBlank(value)) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw ViprErrors.invalidParameter("settings", display(value));
  const settings: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (isBlank(entry)) continue;
    settings[key] = typeof entry === "string" ? typedText(entry.trim()) : entry;
  }
  return settings;
}

function typedText(text: string): unknown {
  if (/^[-+]?\d+$/.test(text)) return Number(text);
  if (text === "true" || text === "false") return text === "true";
  return text;
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function display(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
