import type { SimDevice, SimLink, SimSnapshot } from "./array-state-store.js";
import type { LinkProgress, RestoreProgress } from "./link-progress.js";

/** How a family's simulated array names its things, for the array's own view (`/sim`). */
export interface SimulatedFamily {
  readonly systemType: string;
  /** The array's word for a device's type (`TDEV`, a LUN type…). */
  deviceType(device: SimDevice): string;
  /** The array's word for a link's state: `Linked`, `CopyInProg`, `Attached`, `MIGRATING`… */
  linkState(link: SimLink, progress: LinkProgress): string;
  /** The array's word for a snapshot's state: `Established`, `RestoreInProg`, `Ready`… */
  snapshotState(snapshot: SimSnapshot, restore: RestoreProgress | null): string;
}

/** Token of the families whose arrays a process simulates (multi-bound). */
export const SIMULATED_FAMILY = Symbol("SimulatedFamily");
