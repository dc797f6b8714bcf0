import { ARRAY_FAMILIES } from "../../../../drivers/array-families.js";
import {
  blockVpoolCreateBody,
  storageSystemCreateBody,
  varrayCreateBody,
} from "../../requests/storage-request-bodies.js";
import type { OperationDocs } from "../operation-docs.js";
import { responses } from "../responses.js";
import { SAMPLE_FAMILY, SAMPLE_REGISTRATION, wireSettings } from "../sample-families.js";
import { sampleIds } from "../samples.js";

const tag: OperationDocs["tag"] = "Storage";

/** Changes to the storage configuration need SYSTEM_ADMIN. */
const ADMINISTRATION = [3000, 1004, 1005, 1008] as const;

const SYSTEM_TYPES = ARRAY_FAMILIES.map((family) => `\`${family.systemType}\``);

/** A registration example for each family registered with settings of its own. */
const REGISTRATION_EXAMPLES = Object.fromEntries(
  ARRAY_FAMILIES.flatMap((family) => {
    const example = family.registrationExample;
    if (example === undefined) return [];
    const json = {
      name: example.name,
      system_type: family.systemType,
      ...(family === SAMPLE_REGISTRATION.family ? { varrays: [sampleIds.varray] } : {}),
      settings: wireSettings(family, example.settings),
    };
    return [[family.systemType, { summary: example.summary, json }]];
  }),
);

export const storageOperations = {
  storageSystems: { tag, summary: "The registered storage systems", responses: { 200: responses.storageSystemList } },
  registerStorageSystem: {
    tag,
    summary: "Register a simulated array (SYSTEM_ADMIN)",
    description:
      `\`system_type\` is ${SYSTEM_TYPES.slice(0, -1).join(", ")} or ${SYSTEM_TYPES.at(-1)}; \`settings\` are the ` +
      `family's (${ARRAY_FAMILIES.map((family) => family.settingsSummary).join("; ")}). One pool is made for it. ` +
      "What each family supports: docs/support-matrix.md.",
    body: {
      kind: "described",
      body: storageSystemCreateBody,
      examples: REGISTRATION_EXAMPLES,
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
          summary: `a thin pool of ${SAMPLE_REGISTRATION.family.systemType} arrays`,
          json: {
            name: `vpool-${SAMPLE_REGISTRATION.example.name}`,
            system_type: SAMPLE_REGISTRATION.family.systemType,
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
        schema: { type: "string", example: `vpool-${SAMPLE_FAMILY.systemType}` },
        required: true,
      },
      tag: { description: "a tag (at least 2 characters), instead of `name`; nothing is tagged" },
    },
    responses: { 200: responses.vpoolSearch },
    refusals: [1008, 1013],
  },
  vpool: { tag, summary: "A block virtual pool", responses: { 200: responses.vpool } },
} satisfies Record<string, OperationDocs>;
