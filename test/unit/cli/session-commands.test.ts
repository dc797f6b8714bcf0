import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/run-cli.js";

const SESSION = "urn:storageos:BlockSnapshotSession:s1:vdc1";
const SOURCE = "urn:storageos:Volume:v1:vdc1";
const TARGET_1 = "urn:storageos:BlockSnapshot:t1:vdc1";
const TARGET_2 = "urn:storageos:BlockSnapshot:t2:vdc1";
const TASK = "urn:storageos:Task:k1:vdc1";

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
}

const task = (name: string, state: string) => ({
  id: TASK,
  name,
  state,
  progress: state === "ready" ? 100 : 0,
  resource: { id: SESSION, name: "snap1" },
  ...(state === "error"
    ? { service_error: { code: 1057, description: "Operation failed on the array", details: "array said no" } }
    : {}),
});

/**
 * The session commands run in-process against a server that records each request and answers it
 * from `answers` ("METHOD /path?query", decoded → status and JSON, or a function giving them
 * for each call), 404 otherwise.
 */
describe("session unlink, relink, restore and delete", () => {
  let server: Server;
  let url: string;
  let requests: Recorded[];
  let answers: Record<string, [number, unknown] | (() => [number, unknown])>;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const path = decodeURIComponent(request.url ?? "");
        const key = `${request.method} ${path}`;
        requests.push({ method: request.method ?? "", url: path, body: text ? JSON.parse(text) : null });
        const scripted = answers[key] ?? [404, { code: 1004, description: "not scripted", details: key }];
        const [status, body] = typeof scripted === "function" ? scripted() : scripted;
        response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    requests = [];
    answers = {
      [`GET /block/snapshot-sessions/${SESSION}`]: [200, { id: SESSION, name: "snap1", parent: { id: SOURCE } }],
      [`GET /block/volumes/${SOURCE}/protection/snapshots`]: [
        200,
        {
          snapshot: [
            { id: TARGET_1, name: "tgt-1" },
            { id: TARGET_2, name: "tgt-2" },
          ],
        },
      ],
      "GET /block/snapshot-sessions/search?name=snap1": [200, { resource: [{ id: SESSION, match: "snap1" }] }],
    };
  });

  async function coprsim(...args: string[]) {
    let stdout = "";
    let stderr = "";
    const sink = (write: (text: string) => void) =>
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          write(chunk.toString("utf8"));
          done();
        },
      });
    const code = await runCli(["--url", url, ...args], {
      stdout: sink((text) => (stdout += text)),
      stderr: sink((text) => (stderr += text)),
      stdin: Readable.from([]),
      env: { XDG_CONFIG_HOME: join(tmpdir(), "coprsim-session-commands-no-config") },
    });
    return { code, stdout, stderr };
  }

  const posts = () => requests.filter((r) => r.method === "POST");

  it("unlink sends each target with delete_target false, or true with --delete, and prints the one task", async () => {
    const path = `/block/snapshot-sessions/${SESSION}/unlink-targets`;
    answers[`POST ${path}`] = [202, task("UNLINK SNAPSHOT SESSION TARGETS", "pending")];

    const kept = await coprsim("session", "unlink", SESSION, TARGET_1, TARGET_2);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toBe(`UNLINK SNAPSHOT SESSION TARGETS ${TASK}: pending 0%\n`);

    const deleted = await coprsim("--json", "session", "unlink", SESSION, TARGET_2, "--delete");
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual(task("UNLINK SNAPSHOT SESSION TARGETS", "pending"));

    expect(posts()).toEqual([
      {
        method: "POST",
        url: path,
        body: {
          linked_targets: [
            { id: TARGET_1, delete_target: false },
            { id: TARGET_2, delete_target: false },
          ],
        },
      },
      { method: "POST", url: path, body: { linked_targets: [{ id: TARGET_2, delete_target: true }] } },
    ]);
    // URNs are taken as they are: nothing is read to resolve them.
    expect(requests.filter((r) => r.method === "GET")).toEqual([]);
  });

  it("link --wait rides through a 503 on the reads around its follow, as the follow itself does", async () => {
    answers[`POST /block/snapshot-sessions/${SESSION}/link-targets`] = [
      202,
      { task: [task("LINK SNAPSHOT SESSION TARGETS", "pending")] },
    ];
    let lookups = 0;
    answers[`GET /block/volumes/${SOURCE}/protection/snapshots`] = () =>
      lookups++ === 0
        ? [
            503,
            { code: 6000, description: "Unable to connect to the service.", details: "restarting", retryable: true },
          ]
        : [200, { snapshot: [{ id: TARGET_1, name: "tgt-1" }] }];
    answers[`GET /vdc/tasks/${TASK}`] = [200, task("LINK SNAPSHOT SESSION TARGETS", "ready")];
    answers[`GET /block/snapshots/${TARGET_1}`] = [
      200,
      { id: TARGET_1, name: "tgt-1", replica_state: "SYNCHRONIZED", link_state: { state: "linked" } },
    ];

    const run = await coprsim("session", "link", SESSION, "--count", "1", "--target-name", "tgt", "--wait");
    expect(run.code, run.stderr).toBe(0);
    expect(lookups).toBe(2);
    expect(run.stderr).toContain(`The service stopped answering while following task ${TASK}`);
    expect(run.stdout).toContain(`tgt-1 ${TARGET_1}  SYNCHRONIZED linked`);
  });

  it("resolves session and target names through the session's source volume's linked targets", async () => {
    answers[`POST /block/snapshot-sessions/${SESSION}/relink-targets`] = [
      202,
      { task: [task("RELINK SNAPSHOT SESSION TARGETS", "pending")] },
    ];
    const run = await coprsim("session", "relink", "snap1", "tgt-2", TARGET_1);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`RELINK SNAPSHOT SESSION TARGETS ${TASK}: pending 0%\n`);
    expect(posts().map((r) => r.body)).toEqual([{ ids: [TARGET_2, TARGET_1] }]);

    const unknown = await coprsim("session", "unlink", SESSION, "tgt-9");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No linked target is named "tgt-9".');
    expect(posts()).toHaveLength(1);
  });

  it("unlink --wait follows the single task it is answered, and exits 3 when it ends in error", async () => {
    answers[`POST /block/snapshot-sessions/${SESSION}/unlink-targets`] = [
      202,
      task("UNLINK SNAPSHOT SESSION TARGETS", "pending"),
    ];
    answers[`GET /vdc/tasks/${TASK}`] = [200, task("UNLINK SNAPSHOT SESSION TARGETS", "ready")];
    const ready = await coprsim("session", "unlink", SESSION, TARGET_1, "--delete", "--wait", "--interval", "50");
    expect(ready.code).toBe(0);
    expect(ready.stdout).toContain(`UNLINK SNAPSHOT SESSION TARGETS ${TASK}: ready 100%\n  ${TARGET_1}  deleted\n`);

    answers[`GET /vdc/tasks/${TASK}`] = [200, task("UNLINK SNAPSHOT SESSION TARGETS", "error")];
    const failed = await coprsim("session", "unlink", SESSION, TARGET_1, "--wait", "--interval", "50");
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain("ended in error");
    expect(failed.stderr).toContain("Error 1057: Operation failed on the array\n  array said no");
  });

  it("restore posts no body and prints the task; --wait follows it to ready", async () => {
    answers[`POST /block/snapshot-sessions/${SESSION}/restore`] = [202, task("RESTORE SNAPSHOT SESSION", "pending")];
    answers[`GET /vdc/tasks/${TASK}`] = [200, task("RESTORE SNAPSHOT SESSION", "ready")];
    const run = await coprsim("--json", "session", "restore", "snap1", "--wait", "--interval", "50");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ name: "RESTORE SNAPSHOT SESSION", state: "ready" });
    expect(posts()).toEqual([{ method: "POST", url: `/block/snapshot-sessions/${SESSION}/restore`, body: null }]);
  });

  it("snapshot restore posts to the target, named by URN or by name with --session, and follows it with --wait", async () => {
    answers[`POST /block/snapshots/${TARGET_2}/restore`] = [202, task("RESTORE VOLUME SNAPSHOT", "pending")];
    answers[`GET /vdc/tasks/${TASK}`] = [200, task("RESTORE VOLUME SNAPSHOT", "ready")];

    const byName = await coprsim("--json", "snapshot", "restore", "tgt-2", "--session", "snap1", "--wait");
    expect(byName.code).toBe(0);
    expect(JSON.parse(byName.stdout)).toMatchObject({ name: "RESTORE VOLUME SNAPSHOT", state: "ready" });
    expect((await coprsim("snapshot", "restore", TARGET_2)).stdout).toBe(
      `RESTORE VOLUME SNAPSHOT ${TASK}: pending 0%\n`,
    );
    expect(posts()).toEqual([
      { method: "POST", url: `/block/snapshots/${TARGET_2}/restore`, body: null },
      { method: "POST", url: `/block/snapshots/${TARGET_2}/restore`, body: null },
    ]);
    const nameAlone = await coprsim("snapshot", "restore", "tgt-2");
    expect(nameAlone.code).toBe(2);
    expect(nameAlone.stderr).toContain("needs --session");
  });

  it("delete asks for the API's default type unless --type is given", async () => {
    const deactivate = `/block/snapshot-sessions/${SESSION}/deactivate`;
    const answer = { task: [task("DEACTIVATE SNAPSHOT SESSION", "ready")] };
    answers[`POST ${deactivate}`] = [202, answer];
    answers[`POST ${deactivate}?type=VIPR_ONLY`] = [202, answer];
    expect((await coprsim("session", "delete", SESSION)).code).toBe(0);
    expect((await coprsim("session", "delete", SESSION, "--type", "VIPR_ONLY")).code).toBe(0);
    expect(posts().map((r) => r.url)).toEqual([deactivate, `${deactivate}?type=VIPR_ONLY`]);
  });

  it("exits 1 printing the ViPR error when the API refuses, and 2 without a target", async () => {
    answers[`POST /block/snapshot-sessions/${SESSION}/relink-targets`] = [
      400,
      { code: 1005, description: "Required parameter was missing or empty", details: "ids", retryable: false },
    ];
    const refused = await coprsim("session", "relink", SESSION, TARGET_1);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Error 1005: Required parameter was missing or empty\n  ids");

    const missing = await coprsim("session", "unlink", SESSION);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'target'");
  });
});
