import {
  blockVpoolCreateBody,
  storageSystemCreateBody,
  varrayCreateBody,
} from "../../requests/storage-request-bodies.js";
import type { OperationDocs } from "../operation-docs.js";
import { responses } from "../responses.js";
import { sampleIds } from "../samples.js";

const tag: OperationDocs["tag"] = "Storage";

/** Changes to the storage configuration need SYSTEM_ADMIN. */
const ADMINISTRATION = [3000, 1004, 1005, 1008] as const;

export const storageOperations = {
  storageSystems: { tag, summary: "The registered storage systems", responses: { 200: responses.storageSystemList } },
  registerStorageSystem: {
    tag,
    summary: "Register a simulated array (SYSTEM_ADMIN)",
    description:
      "`system_type` is `vmax`, `vnxblock` or `mock`; `settings` are the family's (the mock's limits, copy mode " +
      "support and copy ticks; VNX's mount point limit, migration rate, and `snapshot_sessions`: `refused` makes it " +
      "refuse every snapshot-session operation with 405/1007 as CoprHD 3.6 does; for a `vmax` driven through a " +
      "Unisphere for PowerMax, its `unisphere_url`, `unisphere_user`, `unisphere_password` (never shown back), " +
      "`unisphere_verify_tls` and `unisphere_ca_certificate`, with the array's Symmetrix id as `serial_number`). " +
      "One pool is made for it.",
    body: {
      kind: "described",
      body: storageSystemCreateBody,
      examples: {
        mock: {
          summary: "a mock array with small limits",
          json: {
            name: "mock-small",
            system_type: "mock",
            varrays: [sampleIds.varray],
            settings: { max_linked_targets_per_source: 16, supports_copy_mode: "true", ticks: 20 },
          },
        },
        vnxAsCoprhd: {
          summary: "a VNX that refuses snapshot sessions, as CoprHD 3.6 has VNX",
          json: { name: "vnx-coprhd", system_type: "vnxblock", settings: { snapshot_sessions: "refused" } },
        },
      },
    },
    responses: { 200: responses.storageSystem },
    refusals: ADMINISTRATION,
  },
  storageSystem: { tag, summary: "A storage system", responses: { 200: responses.storageSystem } },
  storagePools: { tag, summary: "A storage system's pools", responses: { 200: responses.storagePoolList } },
  varrays: { tag, summary: "The virtual arrays", responses: { 200: responses.varrayList } },
  createVarray: {
    tag,
    summary: "Create a virtual array (SYSTEM_ADMIN)",
    body: {
      kind: "described",
      body: varrayCreateBody,
      examples: { varray: { summary: "a virtual array", json: { name: "varray2" } } },
    },
    responses: { 200: responses.varray },
    refusals: ADMINISTRATION,
  },
  varray: { tag, summary: "A virtual array", responses: { 200: responses.varray } },
  vpools: { tag, summary: "The block virtual pools", responses: { 200: responses.vpoolList } },
  createVpool: {
    tag,
    summary: "Create a block virtual pool (SYSTEM_ADMIN)",
    body: {
      kind: "described",
      body: blockVpoolCreateBody,
      examples: {
        vpool: {
          summary: "a thin pool of mock arrays",
          json: {
            name: "vpool-mock-small",
            system_type: "mock",
            provisioning_type: "Thin",
            protocols: ["FC"],
            varrays: [sampleIds.varray],
            protection: { snapshots: { max_native_snapshots: 8 } },
          },
        },
      },
    },
    responses: { 200: responses.vpool },
    refusals: ADMINISTRATION,
  },
  searchVpools: {
    tag,
    summary: "Find block virtual pools by name",
    description:
      "Virtual pools whose name starts with `name`, case aside (at least 2 characters). `project` is refused: " +
      "virtual pools belong to no project. Virtual pools carry no tags, so a search by `tag` finds none.",
    query: {
      name: {
        description: "the start of the name (at least 2 characters); required unless `tag` is given",
        schema: { type: "string", example: "vpool-vmax" },
        required: true,
      },
      tag: { description: "a tag (at least 2 characters), instead of `name`; nothing is tagged" },
    },
    responses: { 200: responses.vpoolSearch },
    refusals: [1008, 1013],
  },
  vpool: { tag, summary: "A block virtual pool", responses: { 200: responses.vpool } },
} satisfies Record<string, OperationDocs>;
