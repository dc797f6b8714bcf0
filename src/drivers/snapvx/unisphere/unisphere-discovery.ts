import { ArrayOperationError } from "../../../application/ports/array-operation-error.js";
import type { StorageSystemRecord } from "../../../application/ports/storage-catalog.js";
import { apiVersionFor, microcodeHasSnapIds, symmetrixIdOf, unisphereRelease } from "./powermax-identity.js";
import type { ReplicationCapabilities, SymmetrixSystem, UnisphereVersion } from "./system-wire.js";
import type { UnisphereConnection } from "./unisphere-connection.js";

/** What a client learns once about an array: whether it addresses snapshots by snap id. */
export interface ArrayFacts {
  readonly snapIds: boolean;
}

/** An array as the client addresses it on its Unisphere. */
export interface ArrayRef {
  readonly symmetrixId: string;
  readonly version: string;
  readonly facts: ArrayFacts;
  /** `/{ver}/sloprovisioning/symmetrix/{sym}`. */
  readonly provisioning: string;
  /** `/private/{ver}/replication/symmetrix/{sym}`. */
  readonly replication: string;
}

/**
 * What the client learns once from a Unisphere: its API version from `GET /version` (100 for
 * Unisphere 10.x, 92 for 9.x), and of each array that Unisphere manages it, that it is licensed
 * for SnapVX and from its microcode whether snapshots have snap ids. A failed discovery is
 * tried again at the next operation.
 */
export class UnisphereDiscovery {
  private apiVersion: Promise<string> | null = null;
  private readonly facts = new Map<string, Promise<ArrayFacts>>();

  constructor(private readonly connection: UnisphereConnection) {}

  /** The array's Symmetrix id, the API version and the array's facts, learnt once. */
  async arrayOf(system: StorageSystemRecord): Promise<ArrayRef> {
    const symmetrixId = symmetrixIdOf(system.nativeId);
    if (!symmetrixId) {
      throw new ArrayOperationError(
        `Storage system ${system.name} has serial number ${system.nativeId}, not a 12-digit Symmetrix id`,
        false,
      );
    }
    const version = await this.discoveredApiVersion();
    let facts = this.facts.get(symmetrixId);
    if (!facts) {
      facts = this.discoverArray(version, symmetrixId);
      this.facts.set(symmetrixId, facts);
      facts.catch(() => this.facts.delete(symmetrixId));
    }
    return {
      symmetrixId,
      version,
      facts: await facts,
      provisioning: `/${version}/sloprovisioning/symmetrix/${symmetrixId}`,
      replication: `/private/${version}/replication/symmetrix/${symmetrixId}`,
    };
  }

  private discoveredApiVersion(): Promise<string> {
    if (!this.apiVersion) {
      this.apiVersion = this.discoverApiVersion();
      this.apiVersion.catch(() => {
        this.apiVersion = null;
      });
    }
    return this.apiVersion;
  }

  private async discoverApiVersion(): Promise<string> {
    const { version } = (await this.connection.send("GET", "/version")).body as UnisphereVersion;
    const release = unisphereRelease(String(version));
    const api = release ? apiVersionFor(release.major) : null;
    if (!api) {
      throw new ArrayOperationError(
        `Unisphere at ${this.connection.where} is version ${String(version)}: coprsim talks to Unisphere 9.2 to 10.x`,
        false,
      );
    }
    return api;
  }

  private async discoverArray(version: string, symmetrixId: string): Promise<ArrayFacts> {
    const answer = await this.connection.send("GET", `/${version}/system/symmetrix/${symmetrixId}`, { accept: [404] });
    if (answer.status === 404) {
      throw new ArrayOperationError(
        `Unisphere at ${this.connection.where} does not manage array ${symmetrixId}`,
        false,
      );
    }
    const system = answer.body as SymmetrixSystem;
    const capabilities = (await this.connection.send("GET", `/${version}/replication/capabilities/symmetrix`))
      .body as ReplicationCapabilities;
    const snapVx = capabilities.symmetrixCapability?.find((c) => c.symmetrixId === symmetrixId)?.snapVxCapable;
    if (snapVx !== true) {
      throw new ArrayOperationError(
        `Array ${symmetrixId} is not licensed for SnapVX (Unisphere at ${this.connection.where})`,
        false,
      );
    }
    return { snapIds: microcodeHasSnapIds(String(system.ucode ?? system.microcode ?? "")) };
  }
}
