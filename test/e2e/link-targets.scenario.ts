import { expect, it } from "vitest";
import { createSession, createVolume, discoverSeededWorld, type SeededWorld } from "../support/e2e/seeded-world.js";
import type { RunningService } from "../support/e2e/service-process.js";
import { ViprClient } from "../support/e2e/vipr-client.js";

/**
 * The seed operation over HTTP against a running coprsim: a volume, a session, two nocopy and
 * two copy targets linked and polled to `ready`, then the same link in XML. The arrays are the
 * seeded ones unless `world` names others (the vpools of each family and their varray).
 */
export function linkTargetsScenario(
  service: () => RunningService,
  world: (client: ViprClient) => Promise<SeededWorld> = discoverSeededWorld,
): void {
  it("links 2 nocopy and 2 copy targets, polls both tasks to ready and sees 4 linked targets", async () => {
    const client = new ViprClient(service().baseUrl);
    await client.login();
    const seeded = await world(client);
    const volumeId = await createVolume(client, seeded, "vmax", "e2e-src");
    const sessionId = await createSession(client, volumeId, "e2e-snap");

    const nocopy = await client.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
      new_linked_targets: { count: 2, target_name: "nc", copy_mode: "nocopy" },
    });
    const copy = await client.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
      new_linked_targets: { count: "2", target_name: "cp", copy_mode: "copy" },
    });
    for (const response of [nocopy, copy]) {
      expect(response.status).toBe(202);
      expect(response.body.task).toHaveLength(1);
      const [task] = response.body.task;
      expect(task).toMatchObject({
        name: "LINK SNAPSHOT SESSION TARGETS",
        description: "links target volumes to a snapshot session",
        resource: { id: sessionId },
        link: { rel: "self", href: `/vdc/tasks/${task.id}` },
      });
      // Accepted: pending (one of the two may be stored queued behind the other, as a poll shows).
      expect(task.state).toBe("pending");
      expect(task).not.toHaveProperty("message");
      expect(task.id).toMatch(/^urn:storageos:Task:[0-9a-f-]{36}:vdc1$/);
      expect(task.op_id).toMatch(/^[0-9a-f-]{36}$/);
    }

    const finished = await Promise.all([nocopy, copy].map((r) => client.waitForTask(r.body.task[0].id)));
    for (const task of finished) {
      expect(task).toMatchObject({ state: "ready", progress: 100, message: "Operation completed successfully" });
      expect(task.end_time).toBeGreaterThanOrEqual(task.start_time);
    }

    const session = (await client.get(`/block/snapshot-sessions/${sessionId}`)).body;
    expect(session.linked_targets).toHaveLength(4);
    const targets = await Promise.all(
      session.linked_targets.map(async (ref: { id: string }) => (await client.get(`/block/snapshots/${ref.id}`)).body),
    );
    expect(targets.map((t) => t.name).sort()).toEqual(["cp-1", "cp-2", "nc-1", "nc-2"]);
    for (const target of targets) {
      expect(target).toMatchObject({ is_sync_active: true, replica_state: "SYNCHRONIZED", inactive: false });
      expect(target.parent.id).toBe(volumeId);
      expect(target.native_id).toBeTruthy();
      expect(target.wwn).toBeTruthy();
    }
    const copied = targets.filter((t) => t.copy_mode === "copy");
    expect(copied.map((t) => t.link_state.state)).toEqual(["copied", "copied"]);

    const byOpId = await client.get(`/block/snapshot-sessions/${sessionId}/tasks/${copy.body.task[0].op_id}`);
    expect(byOpId.body.id).toBe(copy.body.task[0].id);
  });

  it("does the same link in XML, answering in XML", async () => {
    const client = new ViprClient(service().baseUrl);
    await client.login();
    const seeded = await world(client);
    const volumeId = await createVolume(client, seeded, "mock", "e2e-xml-src");
    const sessionId = await createSession(client, volumeId, "e2e-xml-snap");
    const response = await client.postXml(
      `/block/snapshot-sessions/${sessionId}/link-targets`,
      "<snapshot_session_link_targets><new_linked_targets><count>2</count><target_name>x</target_name>" +
        "<copy_mode>copy</copy_mode></new_linked_targets></snapshot_session_link_targets>",
    );
    expect(response.status).toBe(202);
    expect(response.headers.get("content-type")).toMatch(/application\/xml/);
    expect(response.body).toMatch(/^<\?xml[^>]*>\s*<tasks><task>/);
    const taskId = /<task>.*?<id>(urn:storageos:Task:[^<]+)<\/id>/s.exec(response.body)?.[1];
    expect(taskId).toBeDefined();
    expect((await client.waitForTask(taskId!)).state).toBe("ready");
    const session = await client.getXml(`/block/snapshot-sessions/${sessionId}`);
    expect(session.body.match(/<linked_target>/g)).toHaveLength(2);
  });
}
