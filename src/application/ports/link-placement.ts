import type { StorageSystemRecord } from "./storage-catalog.js";

/** The records a link request's targets are placed by: their session, system, pool and source. */
export interface LinkPlacementIds {
  readonly sessionId: string;
  readonly storageSystemId: string;
  readonly storagePoolId: string;
  readonly sourceVolumeId: string;
}

/** What a link job needs of those records; each part null when its record is missing. */
export interface LinkPlacement {
  readonly session: {
    readonly label: string;
    readonly inactive: boolean;
    /** Null while the session's snapshot is not established. */
    readonly snapshotNativeId: string | null;
  } | null;
  readonly system: StorageSystemRecord | null;
  readonly poolNativeId: string | null;
  /** Null when the volume is missing; its `nativeId` null while it is not provisioned. */
  readonly source: { readonly nativeId: string | null } | null;
}

/** Reads a link request's placement in one round trip, where the repositories take four. */
export interface LinkPlacementReader {
  find(ids: LinkPlacementIds): Promise<LinkPlacement>;
}
