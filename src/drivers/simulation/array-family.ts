import type { ArrayDriver } from "../../application/ports/array-driver.js";
import type { ArrayFamilyRegistration } from "../../application/ports/array-family-registration.js";
import type { SimulatedArrayDependencies } from "./simulated-array-dependencies.js";
import type { SimulatedFamily } from "./simulated-family.js";

/** One entry of a family's `settings`: its key in the stored settings and its name on the wire. */
export interface ArraySettingField {
  /** The key in the storage system's stored settings (`maxLinkedTargetsPerSource`). */
  readonly key: string;
  /** The name in `storage_system_create` and in the representation (`max_linked_targets_per_source`). */
  readonly wireName: string;
  readonly kind: "integer" | "text";
  /** Written, never shown back (a password). */
  readonly secret?: boolean;
}

/** A setting of the seeded system that an environment variable sets at every start. */
export interface SeedSettingVariable {
  readonly variable: string;
  readonly key: string;
  readonly values: readonly string[];
  /** What it does, for the README's table. */
  readonly description: string;
}

/** What the first start creates for the family: one system, its pool and a virtual pool. */
export interface FamilySeed {
  readonly serialNumber: string;
  /** The seeded virtual pool's snapshot limit when it is not the family's own. */
  readonly vpoolMaxSnapshots?: number;
  readonly variables?: readonly SeedSettingVariable[];
}

/** Settings under which a family behaves differently, for the support matrix. */
export interface CapabilityVariant {
  /** How a person sets it (`snapshot_sessions: refused`). */
  readonly label: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

/**
 * Everything the rest of coprsim knows of an array family, declared in its folder
 * (`src/drivers/<family>/<family>.family.ts`) and listed once in `src/drivers/array-families.ts`.
 */
export interface ArrayFamily<SystemType extends string = string> {
  /** The `system_type` of its storage systems. */
  readonly systemType: SystemType;
  /** Its name for people, as its vendor names the product. */
  readonly title: string;
  /**
   * Every word that means this family in code or text (its system type, its folder's name, its
   * product names): outside its folder, only the list of families may contain them
   * (test/unit/drivers/array-families.test.ts).
   */
  readonly names: readonly string[];
  createDriver(dependencies: SimulatedArrayDependencies): ArrayDriver;
  /** The simulated array's words, for its own view (`/sim`). */
  readonly simulatedFamily: SimulatedFamily;
  /** How a storage system of the family is registered. */
  readonly registration: ArrayFamilyRegistration;
  readonly settingFields: readonly ArraySettingField[];
  /** One line on its settings, for the API docs (`storage_system_create`). */
  readonly settingsSummary: string;
  /** A registration with settings of its own, for the API docs' examples (stored keys). */
  readonly registrationExample?: {
    readonly name: string;
    readonly summary: string;
    readonly settings: Readonly<Record<string, unknown>>;
  };
  readonly seed: FamilySeed;
  /** Settings that change what it can do, shown as columns of the support matrix. */
  readonly capabilityVariants?: readonly CapabilityVariant[];
}
