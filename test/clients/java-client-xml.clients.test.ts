import { readFile } from "node:fs/promises";
import { request } from "node:https";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithClients } from "./support/client-tools.js";
import { CoprsimApi } from "./support/coprsim-api.js";
import { type ClientService, startServiceOn4443 } from "./support/service-on-4443.js";
import { explain, ViprClients } from "./support/vipr-clients.js";

/**
 * A session create as the ViPR Java client (`vipr-client`, `BlockSnapshotSessions.createForVolume`)
 * sends it: XML by default, Jersey's JAXB writer marshalling CoprHD's `SnapshotSessionCreateParam`.
 * JAXB writes a property whose getter returns a non-null list, and `getVolumes()` never returns
 * null, so an empty `<volumes/>` is always there; with no `@XmlType(propOrder)` the properties of
 * a class come in the order of their names (`copyMode`, `count`, `targetName`). The requests are
 * written here by hand, byte for byte, over HTTPS 4443 with the token `bourne` logged in with.
 * docs/api/snapshot-sessions.md says how the service reads them.
 */
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

function javaClientCreate(name: string, targets?: { count: number; targetName: string; copyMode: string }): string {
  const newLinkedTargets =
    targets === undefined
      ? ""
      : `<new_linked_targets><copy_mode>${targets.copyMode}</copy_mode><count>${targets.count}</count>` +
        `<target_name>${targets.targetName}</target_name></new_linked_targets>`;
  return `${XML_DECLARATION}<snapshot_session_create><name>${name}</name>${newLinkedTargets}<volumes/></snapshot_session_create>`;
}

interface XmlAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** One request as Jersey sends it: XML both ways, the token header, HTTPS to the self-signed port. */
function sendXml(httpsUrl: string, token: string, method: string, path: string, body?: string): Promise<XmlAnswer> {
  return new Promise((resolve, reject) => {
    const call = request(
      `${httpsUrl}${path}`,
      {
        method,
        rejectUnauthorized: false,
        headers: {
          Accept: "application/xml",
          "X-SDS-AUTH-TOKEN": token,
          ...(body === undefined
            ? {}
            : { "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(body) }),
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, contentType: response.headers["content-type"], body: text }),
        );
      },
    );
    call.once("error", reject);
    call.end(body);
  });
}

const xml = new XMLParser({ isArray: (name) => name === "task" });

describeWithClients("a session create in XML, as CoprHD's Java client sends it (HTTPS 4443)", (tools) => {
  let running: ClientService;
  let clients: ViprClients;
  let api: CoprsimApi;
  let token: string;

  beforeAll(async () => {
    running = await startServiceOn4443();
    clients = await ViprClients.copy(tools, running.service);
    api = await CoprsimApi.connect(running.service.baseUrl);
    const login = await clients.bourne("security", ["login", "root", "ChangeMe"]);
    if (login.code !== 0) throw new Error(explain(login));
    token = await readFile(clients.bourneTokenFile, "utf8");
  });

  afterAll(async () => {
    await clients?.dispose();
    await running?.stop();
  });

  /** Follows each task of a `<tasks>` answer through `GET /vdc/tasks/{id}` in XML, as the Java client's `Tasks` do. */
  async function tasksEnded(answer: XmlAnswer): Promise<Array<{ state: string; resource: { id: string } }>> {
    const tasks = xml.parse(answer.body).tasks.task as Array<{ id: string }>;
    const ended = [];
    for (const { id } of tasks) {
      for (;;) {
        const polled = await sendXml(running.httpsUrl, token, "GET", `/vdc/tasks/${id}`);
        expect(polled.status, polled.body).toBe(200);
        const task = xml.parse(polled.body).task[0];
        if (task.state !== "pending" && task.state !== "queued") {
          ended.push(task);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    return ended;
  }

  it("without targets: <name/> and an empty <volumes/>", async () => {
    const source = await api.volume("j-create");
    const body = javaClientCreate("j-snap");
    expect(body).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><snapshot_session_create><name>j-snap</name><volumes/></snapshot_session_create>',
    );
    const answer = await sendXml(
      running.httpsUrl,
      token,
      "POST",
      `/block/volumes/${source}/protection/snapshot-sessions`,
      body,
    );
    expect(answer.status, answer.body).toBe(202);
    expect(answer.contentType).toMatch(/^application\/xml/);
    const ended = await tasksEnded(answer);
    expect(ended.map((task) => task.state)).toEqual(["ready", "ready"]);
    expect(await api.sessionsNamed(source, "j-snap")).toEqual([expect.objectContaining({ linked_targets: [] })]);
  });

  it("with a copy-mode target: <new_linked_targets> with its properties in JAXB's order", async () => {
    const source = await api.volume("j-create-target");
    const body = javaClientCreate("j-snap", { count: 1, targetName: "j-tgt", copyMode: "copy" });
    const answer = await sendXml(
      running.httpsUrl,
      token,
      "POST",
      `/block/volumes/${source}/protection/snapshot-sessions`,
      body,
    );
    expect(answer.status, answer.body).toBe(202);
    const ended = await tasksEnded(answer);
    expect(ended.map((task) => task.state)).toEqual(["ready", "ready"]);
    const [session] = await api.sessionsNamed(source, "j-snap");
    const [target] = await api.targetsNamed(source, "j-tgt-1");
    expect(session.linked_targets).toEqual([expect.objectContaining({ id: target.id })]);
    expect(target).toMatchObject({ copy_mode: "copy", replica_state: "SYNCHRONIZED" });
  });
});
