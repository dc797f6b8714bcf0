import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FuzzEndpoint,
  groupSnapshotSessionCreateEndpoint,
  linkTargetsEndpoint,
  relinkTargetsEndpoint,
  snapshotSessionCreateEndpoint,
  unlinkTargetsEndpoint,
} from "./support/fuzz-endpoints.js";
import { FuzzServer, type RowCounts } from "./support/fuzz-server.js";
import { buildWorld, type FuzzWorld } from "./support/fuzz-world.js";
import {
  acceptedTask,
  acceptedTaskList,
  type TaskAnswer,
  type ViprErrorAnswer,
  viprError,
} from "./support/response-oracle.js";
import {
  decorated,
  garbage,
  type Model,
  mutated,
  render,
  requestedFormat,
  UNIQUE,
  urns,
  type WireFormat,
} from "./support/wire-bodies.js";

/*
 * Property: whatever body a client sends to link, relink, unlink or create, in JSON or XML, the
 * answer is a well-formed 202 of the contract's shape or a well-formed ViPR error, never a 500
 * or a hang, and the database holds exactly what the accepted requests created. Each endpoint
 * gets FUZZ_RUNS requests (1000 by default), JSON and XML drawn among them. The seed is fixed
 * unless FUZZ_SEED is set; it is printed so that a failure can be replayed.
 */

const SEED = process.env.FUZZ_SEED === undefined ? 20_261_127 : Number(process.env.FUZZ_SEED);
const RUNS = process.env.FUZZ_RUNS === undefined ? 1000 : Number(process.env.FUZZ_RUNS);
const MIB = 1024 * 1024;
/** Each request must be answered within 10 s (a hang fails it); the run as a whole may take long on a busy machine. */
const RUN_TIMEOUT_MS = 600_000;
/**
 * The refusals a valid request earns once its source is full, which a long run may reach
 * (docs/api/snapshot-sessions.md, "Link targets" and "Create a session").
 */
const SOURCE_FULL =
  /would exceed the maximum allowed for the block snapshot sessions of source|The maximum number of array snapshots (specified by the virtual pool|allowed by the storage platform)/;

type BodyKind = "valid" | "decorated" | "mutated" | "truncated" | "garbage" | "empty" | "oversize" | "crowd";
type ContentTypeKind = "right" | "missing" | "other format" | "unsupported";

interface FuzzCase {
  readonly kind: BodyKind;
  readonly format: WireFormat;
  readonly pathId: string;
  readonly validPath: boolean;
  readonly text: string;
  readonly contentTypeKind: ContentTypeKind;
  readonly contentType: string | undefined;
  readonly accept: string | undefined;
}

const CONTENT_TYPES: Readonly<Record<WireFormat, readonly string[]>> = {
  json: ["application/json", "application/json; charset=utf-8", "Application/JSON"],
  xml: ["application/xml", "application/xml;charset=utf-8", "Application/XML; charset=UTF-8"],
};
/** Neither `application/json` nor `application/xml`, the only types a ViPR resource consumes. */
const UNSUPPORTED_TYPES = [
  "text/xml; charset=UTF-8",
  "application/vnd.emc.vipr+json",
  "application/vnd.emc+xml",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/octet-stream",
  "text/html",
  "application/jsonp",
  "json",
];
const ACCEPTS = [
  undefined,
  "application/json",
  "application/xml",
  "application/json, application/xml",
  "application/xml;q=0.9, application/json",
  "application/json; charset=utf-8",
  "*/*",
  // bourne's, and the ViPR CLI's in XML mode.
  "application/json,text/html,application/octet-stream",
  "application/xml, application/octet-stream",
  // Neither format: 406.
  "text/xml",
  "text/html",
];

function contentTypes(format: WireFormat): fc.Arbitrary<{ kind: ContentTypeKind; type: string | undefined }> {
  const other = format === "json" ? "xml" : "json";
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.constantFrom(...CONTENT_TYPES[format]).map((type) => ({ kind: "right" as const, type })),
    },
    // No Content-Type, or an empty one (which says no more).
    {
      weight: 2,
      arbitrary: fc.constantFrom(undefined, "", " ").map((type) => ({ kind: "missing" as const, type })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...CONTENT_TYPES[other]).map((type) => ({ kind: "other format" as const, type })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...UNSUPPORTED_TYPES).map((type) => ({ kind: "unsupported" as const, type })),
    },
  );
}

function cases(endpoint: FuzzEndpoint, world: FuzzWorld): fc.Arbitrary<FuzzCase> {
  const known = endpoint.knownIds(world);
  const valid = endpoint.valid(world);
  return fc.constantFrom<WireFormat>("json", "xml").chain((format) => {
    const text = (model: Model) => render(format, endpoint.root, model);
    const validText = valid.map(({ model }) => text(model));
    const body = fc.oneof(
      { weight: 4, arbitrary: valid.map((aimed) => ({ kind: "valid" as BodyKind, aimed, text: text(aimed.model) })) },
      {
        weight: 2,
        arbitrary: fc.tuple(valid, fc.nat()).map(([aimed, style]) => ({
          kind: "decorated" as BodyKind,
          aimed,
          text: decorated(format, text(aimed.model), style),
        })),
      },
      {
        weight: 8,
        arbitrary: fc
          .tuple(
            valid,
            mutated(
              valid.map(({ model }) => model),
              known,
            ),
          )
          .map(([aimed, model]) => ({ kind: "mutated" as BodyKind, aimed, text: text(model) })),
      },
      {
        weight: 2,
        arbitrary: fc.tuple(valid, fc.nat()).map(([aimed, at]) => {
          const whole = text(aimed.model);
          return { kind: "truncated" as BodyKind, aimed, text: whole.slice(0, 1 + (at % (whole.length - 1))) };
        }),
      },
      {
        weight: 3,
        arbitrary: fc
          .tuple(valid, garbage(format, endpoint.root, validText))
          .map(([aimed, text]) => ({ kind: "garbage" as BodyKind, aimed, text })),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(valid, fc.constantFrom("", " ", "\n\t", "\uFEFF"))
          .map(([aimed, text]) => ({ kind: "empty" as BodyKind, aimed, text })),
      },
      { weight: 1, arbitrary: valid.map((aimed) => ({ kind: "oversize" as BodyKind, aimed, text: "" })) },
      {
        weight: endpoint.crowd ? 1 : 0,
        arbitrary: fc
          .tuple(valid, fc.integer({ min: 100, max: 10_000 }), fc.constantFrom(...known))
          .map(([aimed, size, id]) => ({
            kind: "crowd" as BodyKind,
            aimed,
            text: text(endpoint.crowd?.(crowdOf(size, id)) ?? null),
          })),
      },
    );
    const path = fc.oneof(
      { weight: 6, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(...endpoint.otherPathIds(world)) },
      { weight: 1, arbitrary: urns(known) },
    );
    return fc
      .record({ body, path, contentType: contentTypes(format), accept: fc.constantFrom(...ACCEPTS) })
      .map(({ body, path, contentType, accept }) => ({
        kind: body.kind,
        format,
        pathId: path ?? body.aimed.pathId,
        validPath: path === null || path === body.aimed.pathId,
        text: body.text,
        contentTypeKind: contentType.kind,
        contentType: contentType.type,
        accept,
      }));
  });
}

/** Ids of no target (made from a counter, so they are never drawn again), with one the world knows at the end. */
function crowdOf(size: number, known: string): string[] {
  const ids = Array.from(
    { length: size },
    (_, i) => `urn:storageos:BlockSnapshot:00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}:vdc1`,
  );
  return [...ids, known];
}

/** The body of an oversize request: well-formed, just over the limit. */
function oversize(format: WireFormat, root: string): string {
  const filler = "x".repeat(MIB);
  return format === "json" ? `{"name":"${filler}"}` : `<${root}><name>${filler}</name></${root}>`;
}

const xml = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, ignorePiTags: true });

/**
 * The targets an accepted body asks for, read independently of the decoders: its `count` of
 * `new_linked_targets` (a JSON fraction cut off, as Java reads it into an int), none below 1
 * or without one.
 */
function requestedCount(format: WireFormat, root: string, payload: string): number {
  const body =
    format === "json" ? JSON.parse(payload.replace(/^\uFEFF/, "")) : xml.parse(payload.replace(/^\uFEFF/, ""))[root];
  const count = body?.new_linked_targets?.count;
  return count === undefined || count === null ? 0 : Math.max(0, Math.trunc(Number(String(count).trim())));
}

/** The format the server reads the body in: its Content-Type's (only accepted bodies are read this way). */
function bodyFormat(c: FuzzCase): WireFormat {
  if (c.contentTypeKind === "other format") return c.format === "json" ? "xml" : "json";
  return c.format;
}

function describeCase(c: FuzzCase, payload: string, response: LightMyRequestResponse, server: FuzzServer): string {
  return [
    `${c.kind} ${c.format} body, content type ${c.contentTypeKind} (${c.contentType}), accept ${c.accept}, path ${c.pathId}`,
    `payload: ${JSON.stringify(payload.slice(0, 400))}${payload.length > 400 ? `… (${payload.length} chars)` : ""}`,
    `answer: ${response.statusCode} ${response.body.slice(0, 400)}`,
    ...server.loggedErrors.slice(-2),
  ].join("\n");
}

/**
 * The refusals a case's kind decides whatever the state (docs/api/conventions.md): the
 * transport's come first, in either order (a body over 1 MiB 413/1013; no type, or one neither
 * JSON nor XML, 415/1003), then an `Accept` that takes neither format (406/999); a cut-off
 * body is malformed.
 */
function expectKnownRefusal(c: FuzzCase, payload: string, error: ViprErrorAnswer): void {
  if (!c.validPath) return;
  // A type is read whenever one is sent; without one, only a body that is there needs one.
  const untyped = c.contentTypeKind === "unsupported" || (c.contentTypeKind === "missing" && payload !== "");
  if (Buffer.byteLength(payload) > MIB) {
    expect(untyped ? [413, 415] : [413]).toContain(error.status);
    expect(error.code).toBe(error.status === 413 ? 1013 : 1003);
  } else if (untyped) {
    expect([error.status, error.code]).toEqual([415, 1003]);
  } else if (requestedFormat(c.accept) === undefined) {
    expect([error.status, error.code]).toEqual([406, 999]);
  } else if (c.kind === "truncated" && c.contentTypeKind === "right") {
    if (c.format === "json") expect([error.status, error.code]).toEqual([400, 1013]);
    else {
      expect([error.status, error.code]).toEqual([400, 1008]);
      // MessageFormat groups numbers of 1000 and more (docs/api/conventions.md): "column 1,024".
      expect(error.details).toMatch(/^Invalid input at line [\d,]+, column [\d,]+$/);
    }
  }
}

function plus(counts: RowCounts, delta: Partial<RowCounts>): RowCounts {
  return {
    tasks: counts.tasks + (delta.tasks ?? 0),
    linkedTargets: counts.linkedTargets + (delta.linkedTargets ?? 0),
    sessions: counts.sessions + (delta.sessions ?? 0),
    volumes: counts.volumes + (delta.volumes ?? 0),
    consistencyGroups: counts.consistencyGroups + (delta.consistencyGroups ?? 0),
    workflowStarts: counts.workflowStarts + (delta.workflowStarts ?? 0),
  };
}

describe("fuzzing request bodies", () => {
  let server: FuzzServer;
  let unique = 0;

  beforeAll(async () => {
    server = await FuzzServer.start();
  });
  afterAll(() => server?.stop());

  describe.each([
    linkTargetsEndpoint,
    relinkTargetsEndpoint,
    unlinkTargetsEndpoint,
    snapshotSessionCreateEndpoint,
    groupSnapshotSessionCreateEndpoint,
  ])("of $name", (endpoint) => {
    let world: FuzzWorld;

    beforeAll(async () => {
      world = await buildWorld(server);
    });

    it(
      `answers ${RUNS} generated requests well-formed, and the database holds what the accepted ones created`,
      async () => {
        process.stdout.write(`fuzzing ${endpoint.name}: seed ${SEED}, ${RUNS} runs (replay with FUZZ_SEED=${SEED})\n`);
        const baseline = await server.counts();
        let expected = baseline;
        let last = baseline;
        const answers = { accepted: 0, refused: 0 };
        const slowest = { ms: 0, what: "" };

        await fc.assert(
          fc.asyncProperty(cases(endpoint, world), async (c) => {
            unique += 1;
            const payload =
              c.kind === "oversize"
                ? oversize(c.format, endpoint.root)
                : c.text.replaceAll(UNIQUE, `u${unique.toString(36)}`);
            const started = performance.now();
            const response = await server.send({
              url: endpoint.path(encodeURIComponent(c.pathId)),
              payload,
              ...(c.contentType === undefined ? {} : { contentType: c.contentType }),
              ...(c.accept === undefined ? {} : { accept: c.accept }),
            });
            const ms = performance.now() - started;
            if (ms > slowest.ms) Object.assign(slowest, { ms, what: `${c.kind} ${c.format}, ${payload.length} chars` });
            const context = () => describeCase(c, payload, response, server);
            const format = requestedFormat(c.accept) ?? "xml";
            const counts = await server.counts();
            let delta: Partial<RowCounts> = {};
            try {
              if (response.statusCode >= 200 && response.statusCode < 300) {
                answers.accepted += 1;
                const tasks: TaskAnswer[] =
                  endpoint.answer.kind === "list"
                    ? acceptedTaskList(response, format, endpoint.answer.tasks)
                    : [acceptedTask(response, format)];
                const targets = endpoint.preparesTargets
                  ? requestedCount(bodyFormat(c), endpoint.root, payload) * (endpoint.targetsPerCount ?? 1)
                  : 0;
                delta = {
                  tasks: tasks.length,
                  linkedTargets: targets,
                  sessions: endpoint.sessionsCreated,
                  workflowStarts: 1,
                };
                if (endpoint.preparesTargets) {
                  const sessionTask = tasks.find((task) => task.resourceId.includes(":BlockSnapshotSession:"));
                  expect(sessionTask, "a task on the session").toBeDefined();
                  expect(await server.targetsOfTask(sessionTask?.id ?? ""), "targets prepared by its task").toBe(
                    targets,
                  );
                }
                // A creation's task on the volume would be ended by the worker; until then the
                // volume takes no other creation (400/1056).
                const volumeTask = tasks.find((task) => task.resourceId.includes(":Volume:"));
                if (volumeTask) await server.completeTask(volumeTask.id);
              } else {
                answers.refused += 1;
                const error = viprError(response, format);
                expectKnownRefusal(c, payload, error);
              }
              const mustAccept =
                (c.kind === "valid" || c.kind === "decorated") &&
                c.validPath &&
                c.contentTypeKind === "right" &&
                requestedFormat(c.accept) !== undefined;
              if (mustAccept && !SOURCE_FULL.test(response.body)) {
                expect(response.statusCode, "a valid request is accepted").toBe(202);
              }
              expect(counts, "rows after the request").toEqual(plus(last, delta));
              expected = plus(expected, delta);
            } catch (error) {
              throw new Error(`${(error as Error).message}\n${context()}`);
            } finally {
              last = counts;
            }
          }),
          { seed: SEED, numRuns: RUNS },
        );

        process.stdout.write(
          `${endpoint.name}: ${answers.accepted} accepted, ${answers.refused} refused; slowest answer ${Math.round(slowest.ms)} ms (${slowest.what})\n`,
        );
        expect(await server.counts()).toEqual(expected);
        expect(answers.accepted).toBeGreaterThan(RUNS / 10);
      },
      RUN_TIMEOUT_MS,
    );
  });
});
