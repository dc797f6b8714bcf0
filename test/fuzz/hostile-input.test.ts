import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { javaHashMapOrder } from "../../src/domain/shared/java-hash-map-order.js";
import { FuzzServer, type RawRequest, type RowCounts } from "./support/fuzz-server.js";
import { buildWorld, type FuzzWorld } from "./support/fuzz-world.js";
import { viprError } from "./support/response-oracle.js";

/**
 * Hostile request bodies and URLs, one example each, against the API wired as in production on
 * Postgres: the exact ViPR error (docs/api/snapshot-sessions.md), and nothing created.
 */
/** A UUID (version 4 form) made from a number, so that the ids are known and none exists. */
function uuidOf(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

describe("hostile input", () => {
  let server: FuzzServer;
  let world: FuzzWorld;
  let before: RowCounts;

  beforeAll(async () => {
    server = await FuzzServer.start();
    world = await buildWorld(server);
  });
  afterAll(() => server?.stop());
  beforeEach(async () => {
    before = await server.counts();
  });

  const session = () => world.sessions[0] as string;
  const link = (id = session()) => `/block/snapshot-sessions/${id}/link-targets`;
  const relink = (id = session()) => `/block/snapshot-sessions/${id}/relink-targets`;
  const json = (url: string, payload: string): RawRequest => ({
    url,
    payload,
    contentType: "application/json",
    accept: "application/json",
  });
  const xml = (url: string, payload: string): RawRequest => ({
    url,
    payload,
    contentType: "application/xml",
    accept: "application/xml",
  });

  /** The request is refused with exactly this error, in the requested format, and creates nothing. */
  async function expectRefusal(request: RawRequest, status: number, code: number, details: string): Promise<void> {
    const response = await server.send(request);
    const format = request.accept === "application/json" ? "json" : "xml";
    const error = viprError(response, format);
    expect({ status: error.status, code: error.code, details: error.details }).toEqual({ status, code, details });
    expect(await server.counts()).toEqual(before);
  }

  it("refuses a body over 1 MiB with 413 before parsing it, in a ViPR error body", async () => {
    const malformed = `{"new_linked_targets":${"[".repeat(1024 * 1024)}`;
    await expectRefusal(json(link(), malformed), 413, 1013, "The request body is larger than 1 MiB");
    await expectRefusal(
      xml(link(), `<a>${"x".repeat(1024 * 1024)}`),
      413,
      1013,
      "The request body is larger than 1 MiB",
    );
  });

  it("refuses malformed JSON with 400/1013", async () => {
    const response = await server.send(json(link(), '{"new_linked_targets":{"count":1,'));
    const error = viprError(response, "json");
    expect([error.status, error.code]).toEqual([400, 1013]);
    expect(error.details).toMatch(/^Malformed JSON: /);
    expect(await server.counts()).toEqual(before);
  });

  it("refuses an unknown JSON property with 400/1013", async () => {
    await expectRefusal(
      json(link(), '{"new_linked_targets":{"count":1,"target_name":"t","copymode":"copy"}}'),
      400,
      1013,
      'Unrecognized field "copymode" in new_linked_targets',
    );
  });

  it("refuses malformed XML, an unknown element and a bad integer with 400/1008 and the position", async () => {
    const root = "snapshot_session_link_targets";
    await expectRefusal(
      xml(link(), `<${root}>\n  <new_linked_targets><count>1</count></new_linked_targets>\n</wrong>`),
      400,
      1008,
      "Invalid input at line 3, column 1",
    );
    await expectRefusal(
      xml(link(), `<${root}>\n<new_linked_targets><count>1</count><colour>red</colour></new_linked_targets></${root}>`),
      400,
      1008,
      "Invalid input at line 2, column 37",
    );
    await expectRefusal(
      xml(
        link(),
        `<${root}><new_linked_targets>\n  <count>two</count><target_name>t</target_name></new_linked_targets></${root}>`,
      ),
      400,
      1008,
      "Invalid input at line 2, column 3",
    );
  });

  it('accepts "count":"2" and refuses "count":"two" with 400/1013 in Jackson\'s words', async () => {
    const accepted = await server.send(json(link(), '{"new_linked_targets":{"count":"2","target_name":"as-text"}}'));
    expect(accepted.statusCode).toBe(202);
    const after = await server.counts();
    expect(after.linkedTargets - before.linkedTargets).toBe(2);
    before = after;
    await expectRefusal(
      json(link(), '{"new_linked_targets":{"count":"two","target_name":"as-word"}}'),
      400,
      1013,
      "Can not construct instance of java.lang.Integer from String value 'two': not a valid Integer value",
    );
  });

  it("finds nothing at a URN of the wrong type in the path: 404/2000", async () => {
    const volume = world.volumes[0] as string;
    await expectRefusal(
      json(link(volume), '{"new_linked_targets":{"count":1,"target_name":"t"}}'),
      404,
      2000,
      `Unable to find entity specified in URL with the given id ${volume}`,
    );
    await expectRefusal(
      xml(
        `/block/volumes/${session()}/protection/snapshot-sessions`,
        "<snapshot_session_create><name>s</name></snapshot_session_create>",
      ),
      404,
      2000,
      `Unable to find entity specified in URL with the given id ${session()}`,
    );
  });

  describe("bulk bodies", () => {
    const kinds = ["volumes", "snapshot-sessions", "snapshots", "consistency-groups"];

    it("refuse more than 4,000 ids with 400/1031, in either format", async () => {
      const ids = Array.from({ length: 4001 }, (_, n) => `urn:storageos:Volume:${uuidOf(n)}:vdc1`);
      for (const kind of kinds) {
        await expectRefusal(
          json(`/block/${kind}/bulk`, JSON.stringify({ id: ids })),
          400,
          1031,
          "Exceeding limit of bulk size. Max allowed 4,000",
        );
        await expectRefusal(
          xml(`/block/${kind}/bulk`, `<ids>${ids.map((id) => `<id>${id}</id>`).join("")}</ids>`),
          400,
          1031,
          "Exceeding limit of bulk size. Max allowed 4,000",
        );
      }
    });

    it("leave out ids that name nothing of the kind, whatever they hold, and create nothing", async () => {
      const hostile = ["not-a-urn", "%00", "x".repeat(2000), "urn:storageos:Volume:1234:vdc1", session()];
      for (const [kind, root] of [
        ["volumes", "volume"],
        ["snapshots", "block_snapshot"],
        ["consistency-groups", "consistency_group"],
      ] as const) {
        const response = await server.send(json(`/block/${kind}/bulk`, JSON.stringify({ id: hostile })));
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json()).toEqual({ [root]: [] });
      }
      expect(await server.counts()).toEqual(before);
    });
  });

  it("refuses a JSON link request without count with 400/1005", async () => {
    await expectRefusal(
      json(link(), '{"new_linked_targets":{"target_name":"t"}}'),
      400,
      1005,
      "Required parameter count was missing or empty",
    );
  });

  it("refuses an empty relink list with 400/1005 naming its item element, in either format", async () => {
    const missing = "Required parameter id was missing or empty";
    await expectRefusal(json(relink(), '{"ids":[]}'), 400, 1005, missing);
    await expectRefusal(
      xml(relink(), "<snapshot_session_relink_targets><ids/></snapshot_session_relink_targets>"),
      400,
      1005,
      missing,
    );
    await expectRefusal(
      xml(relink(), "<snapshot_session_relink_targets></snapshot_session_relink_targets>"),
      400,
      1005,
      missing,
    );
  });

  describe("text a database cannot store", () => {
    const create = () => `/block/volumes/${world.volumes[0]}/protection/snapshot-sessions`;

    it("is 400/1008 in a JSON body when a name holds NUL", async () => {
      await expectRefusal(
        json(link(), '{"new_linked_targets":{"count":1,"target_name":"a\\u0000b"}}'),
        400,
        1008,
        "Invalid value a\u0000b for parameter target_name",
      );
      await expectRefusal(
        json(create(), '{"name":"a\\u0000b"}'),
        400,
        1008,
        "Invalid value a\u0000b for parameter name",
      );
      // A group's name is looked up among all groups' before its characters are checked.
      await expectRefusal(
        json("/block/consistency-groups", '{"name":"a\\u0000b"}'),
        400,
        1008,
        "Invalid value a\u0000b for parameter name",
      );
      expect(await server.counts()).toEqual(before);
    });

    it("is 400/1008 in a JSON body when a name holds a surrogate without its pair", async () => {
      await expectRefusal(json(create(), '{"name":"\\ud800x"}'), 400, 1008, "Invalid value \ud800x for parameter name");
      await expectRefusal(
        json(link(), '{"new_linked_targets":{"count":1,"target_name":"x\\udc00"}}'),
        400,
        1008,
        "Invalid value x\udc00 for parameter target_name",
      );
    });

    it("is malformed XML, 400/1008 with the position, when an element holds NUL", async () => {
      await expectRefusal(
        xml(create(), "<snapshot_session_create>\n<name>a\u0000b</name></snapshot_session_create>"),
        400,
        1008,
        "Invalid input at line 2, column 1",
      );
    });
  });

  describe("a body naming thousands of targets", () => {
    const unknown = Array.from({ length: 12_000 }, (_, i) => `urn:storageos:BlockSnapshot:${uuidOf(i)}:vdc1`);
    const first = `Unable to find entity with the given id ${unknown[0]}`;

    it("is refused at once in a relink, naming the first unknown one (400/1004)", async () => {
      await expectRefusal(json(relink(), JSON.stringify({ ids: unknown })), 400, 1004, first);
    });

    it("is refused at once in an unlink, naming the first unknown one in the real controller's map order (400/1004)", async () => {
      const body = JSON.stringify({ linked_targets: unknown.map((id) => ({ id })) });
      const firstInMapOrder = `Unable to find entity with the given id ${javaHashMapOrder(unknown)[0]}`;
      await expectRefusal(
        json(`/block/snapshot-sessions/${session()}/unlink-targets`, body),
        400,
        1004,
        firstInMapOrder,
      );
    });
  });

  describe("a URL the router cannot take apart", () => {
    it("is 400/1002 in a ViPR error body when a path segment is longer than the router takes", async () => {
      const long = `urn:storageos:BlockSnapshotSession:${"0".repeat(2000)}:vdc1`;
      await expectRefusal(
        xml(link(long), "<snapshot_session_link_targets/>"),
        400,
        1002,
        `Parameter ${long} is not a valid URI`,
      );
    });

    it("is 400/1002 in a ViPR error body when a path segment is not a valid escape", async () => {
      await expectRefusal(json(link("%E0%A4%A"), "{}"), 400, 1002, "Parameter %E0%A4%A is not a valid URI");
    });
  });

  describe("a group session's operations under the group's path", () => {
    const operations = ["link-targets", "relink-targets", "unlink-targets", "restore", "deactivate"];
    const underGroup = (groupId: string, sessionId: string, operation: string) =>
      `/block/consistency-groups/${groupId}/protection/snapshot-sessions/${sessionId}/${operation}`;

    it("finds no group at a URN of another type in the group's place: 404/2000, the body unread", async () => {
      const volume = world.volumes[0] as string;
      for (const operation of operations) {
        await expectRefusal(
          json(underGroup(volume, session(), operation), '{"new_linked_targets":{"count":'),
          404,
          2000,
          `Unable to find entity specified in URL with the given id ${volume}`,
        );
      }
    });

    it("is 400/1002 when the group's or the session's segment is not a valid escape", async () => {
      const group = world.groups[0] as string;
      for (const operation of operations) {
        for (const path of [underGroup("%E0%A4%A", session(), operation), underGroup(group, "%E0%A4%A", operation)]) {
          await expectRefusal(json(path, "{}"), 400, 1002, "Parameter %E0%A4%A is not a valid URI");
        }
      }
    });
  });

  describe("a consistency group's session create", () => {
    const groupSessions = (id = world.groups[0] as string) =>
      `/block/consistency-groups/${id}/protection/snapshot-sessions`;

    it("is 400/1008 when the name holds NUL, in a JSON body, and malformed XML with the position", async () => {
      await expectRefusal(
        json(groupSessions(), '{"name":"a\\u0000b"}'),
        400,
        1008,
        "Invalid value a\u0000b for parameter name",
      );
      await expectRefusal(
        xml(groupSessions(), "<snapshot_session_create>\n<name>a\u0000b</name></snapshot_session_create>"),
        400,
        1008,
        "Invalid input at line 2, column 1",
      );
    });

    it("finds nothing at a URN of another type in the path: 404/2000", async () => {
      const volume = world.volumes[0] as string;
      await expectRefusal(
        json(groupSessions(volume), '{"name":"s"}'),
        404,
        2000,
        `Unable to find entity specified in URL with the given id ${volume}`,
      );
    });

    it("is 400/1002 when a path segment is not a valid escape", async () => {
      await expectRefusal(
        json(groupSessions("%E0%A4%A"), '{"name":"s"}'),
        400,
        1002,
        "Parameter %E0%A4%A is not a valid URI",
      );
    });
  });
});
