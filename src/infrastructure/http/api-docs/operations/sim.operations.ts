import { MAX_DATA_TRANSFER_BYTES } from "../../../../drivers/simulation/simulated-arrays.js";
import { simArrayJson, simClockJson, simFaultsJson } from "../../representations/sim.representations.js";
import type { OperationDocs } from "../operation-docs.js";
import { sampleSimArray, sampleSimClock, sampleSimFaults, sampleSimSystem } from "../sim-samples.js";
import { simClockSchema, simFaultSchema } from "../sim-schemas.js";

const tag: OperationDocs["tag"] = "Simulator (/sim)";
const OCTET_STREAM = "application/octet-stream";
const BYTES = { type: "string", format: "binary" };
const VOLUME_ID = "The URN of a volume or of a linked target (BlockSnapshot)";

const offset = { description: "byte offset (default 0)", schema: { type: "integer", minimum: 0 } };

/** The simulator's own API: SYSTEM_ADMIN only, JSON only (volume data as raw bytes). */
export const simOperations = {
  array: {
    tag,
    summary: "The array's own view: devices, snapshots (generations), links, jobs, replication groups, faults",
    responses: {
      200: {
        kind: "json",
        schemaName: "SimArray",
        description: "The array",
        samples: [simArrayJson(sampleSimSystem, sampleSimArray)],
      },
    },
    refusals: [3000],
  },
  injectFault: {
    tag,
    summary: "Inject a fault: an error, a latency, or a stall",
    body: {
      kind: "json",
      schema: simFaultSchema,
      examples: {
        error: {
          summary: "the next 2 links fail",
          value: { operation: "link", count: 2, message: "busy", retryable: true },
        },
        latency: { summary: "every status call waits 500 ms", value: { operation: "status", latency_ms: 500 } },
        stall: { summary: "copies stop progressing", value: { stall: "copy" } },
      },
    },
    responses: {
      200: {
        kind: "json",
        schemaName: "SimFaults",
        description: "The array's faults and stalls",
        samples: [simFaultsJson(sampleSimFaults)],
      },
    },
    refusals: [3000],
  },
  clearFaults: {
    tag,
    summary: "Clear the array's faults (stalled jobs resume)",
    responses: { 204: { kind: "empty", description: "Cleared" } },
    refusals: [3000],
  },
  writeData: {
    tag,
    summary: "Write bytes to a volume",
    params: { id: VOLUME_ID },
    query: { offset },
    body: { kind: "content", mediaType: OCTET_STREAM, schema: { ...BYTES, maxLength: MAX_DATA_TRANSFER_BYTES } },
    responses: { 204: { kind: "empty", description: "Written" } },
    refusals: [3000, 1008],
  },
  readData: {
    tag,
    summary: "Read bytes of a volume (never-written space reads as zeros)",
    params: { id: VOLUME_ID },
    query: {
      offset,
      length: {
        description: `bytes to read, at most ${MAX_DATA_TRANSFER_BYTES}`,
        schema: { type: "integer", minimum: 0 },
        required: true,
      },
    },
    responses: { 200: { kind: "content", description: "The bytes", mediaType: OCTET_STREAM, schema: BYTES } },
    refusals: [3000, 1005, 1008],
  },
  digest: {
    tag,
    summary: "SHA-256 of the volume's whole content, and whether it holds a full copy",
    params: { id: VOLUME_ID },
    responses: {
      200: {
        kind: "json",
        schemaName: "SimDigest",
        description: "The digest",
        samples: [{ sha256: "49bc20df15e412a64472421e13fe86ff1c5165e18b2afccf160d4dc19fe68a14", full_copy: true }],
      },
    },
    refusals: [3000],
  },
  clock: {
    tag,
    summary: "The simulation clock",
    responses: {
      200: { kind: "json", schemaName: "SimClock", description: "The clock", samples: [simClockJson(sampleSimClock)] },
    },
    refusals: [3000],
  },
  setClock: {
    tag,
    summary: "Set the simulation clock (shared by every process)",
    body: {
      kind: "json",
      schema: simClockSchema,
      examples: {
        instant: { summary: "every job finishes at once", value: { profile: "instant" } },
        fast: { summary: "4× the profile's rates", value: { speed: 4 } },
      },
    },
    responses: {
      200: { kind: "json", schemaName: "SimClock", description: "The clock", samples: [simClockJson(sampleSimClock)] },
    },
    refusals: [3000],
  },
} satisfies Record<string, OperationDocs>;
