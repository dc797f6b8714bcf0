import {
  createConsistencyGroup,
  createGroupSession,
  createSession,
  createVolume,
  discoverSeededWorld,
  type SeededWorld,
} from "../../support/e2e/seeded-world.js";
import { ViprClient } from "../../support/e2e/vipr-client.js";
import { TEST_REQUEST_ID_PREFIX } from "./served-requests.js";

interface TaskRep {
  readonly id: string;
  readonly state: string;
  readonly name: string;
  readonly resource: { readonly id: string; readonly name: string };
  readonly service_error?: unknown;
}

/**
 * The tier's own view of the service, over its plain HTTP port: it arranges what a client
 * command needs beforehand (so that each command is tested on its own) and checks afterwards
 * what the command did, never through the client under test.
 */
export class CoprsimApi {
  private constructor(
    readonly client: ViprClient,
    readonly world: SeededWorld,
    private readonly token: string,
    private readonly baseUrl: string,
  ) {}

  static async connect(baseUrl: string): Promise<CoprsimApi> {
    const client = new ViprClient(baseUrl, { requestIdPrefix: TEST_REQUEST_ID_PREFIX });
    const token = await client.login();
    return new CoprsimApi(client, await discoverSeededWorld(client), token, baseUrl);
  }

  /** A volume of 128 MiB (a copy of it takes well under a second on the `fast` clock). */
  volume(name: string, family = "vmax"): Promise<string> {
    return createVolume(this.client, this.world, family, name, "128MB");
  }

  session(volumeId: string, name: string): Promise<string> {
    return createSession(this.client, volumeId, name);
  }

  /** Links `count` targets named `<name>-<i>` and waits until the link is done; their ids. */
  async link(sessionId: string, count: number, name: string, copyMode: "copy" | "nocopy"): Promise<string[]> {
    const before = await this.linkedTargetIds(sessionId);
    const { status, body } = await this.client.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
      new_linked_targets: { count, target_name: name, copy_mode: copyMode },
    });
    if (status !== 202) throw new Error(`link: ${status} ${JSON.stringify(body)}`);
    for (const task of body.task) await this.expectReady(task.id);
    return (await this.linkedTargetIds(sessionId)).filter((id) => !before.includes(id));
  }

  /** A consistency group of the default project with a 128 MiB volume on the SnapVX array per name given. */
  group(name: string, memberNames: readonly string[]): Promise<{ groupId: string; volumeIds: string[] }> {
    return createConsistencyGroup(this.client, this.world, "vmax", name, memberNames);
  }

  /** A snapshot session of the whole group, established; its id. */
  groupSession(groupId: string, name: string): Promise<string> {
    return createGroupSession(this.client, groupId, name);
  }

  /** The active sessions of the group with that name. */
  async groupSessionsNamed(groupId: string, name: string): Promise<any[]> {
    const list = await this.get(`/block/consistency-groups/${groupId}/protection/snapshot-sessions`);
    const sessions = await Promise.all(
      list.snapshot_session.map((s: { id: string }) => this.get(`/block/snapshot-sessions/${s.id}`)),
    );
    return sessions.filter((session) => session.name === name && !session.inactive);
  }

  /** The group's snapshots (the targets of its sessions), active ones only, by name. */
  async groupSnapshots(groupId: string): Promise<Map<string, any>> {
    const list = await this.get(`/block/consistency-groups/${groupId}/protection/snapshots`);
    const snapshots = await Promise.all(list.snapshot.map((t: { id: string }) => this.get(`/block/snapshots/${t.id}`)));
    return new Map(snapshots.filter((s) => !s.inactive).map((s) => [s.name, s]));
  }

  async linkedTargetIds(sessionId: string): Promise<string[]> {
    return (await this.get(`/block/snapshot-sessions/${sessionId}`)).linked_targets.map((t: { id: string }) => t.id);
  }

  async get(path: string): Promise<any> {
    const { status, body } = await this.client.get(path);
    if (status !== 200) throw new Error(`GET ${path}: ${status} ${JSON.stringify(body)}`);
    return body;
  }

  /** The active sessions of the volume with that name. */
  async sessionsNamed(volumeId: string, name: string): Promise<any[]> {
    const list = await this.get(`/block/volumes/${volumeId}/protection/snapshot-sessions`);
    const sessions = await Promise.all(
      list.snapshot_session.map((s: { id: string }) => this.get(`/block/snapshot-sessions/${s.id}`)),
    );
    return sessions.filter((session) => session.name === name && !session.inactive);
  }

  /** The active linked targets of the volume with that name. */
  async targetsNamed(volumeId: string, name: string): Promise<any[]> {
    const list = await this.get(`/block/volumes/${volumeId}/protection/snapshots`);
    const targets = await Promise.all(list.snapshot.map((t: { id: string }) => this.get(`/block/snapshots/${t.id}`)));
    return targets.filter((target) => target.name === name && !target.inactive);
  }

  /** The active volumes of the default project named exactly so. */
  async volumesNamed(name: string): Promise<any[]> {
    const found = await this.get(
      `/block/volumes/search?project=${this.world.projectId}&name=${encodeURIComponent(name)}`,
    );
    const volumes = await Promise.all(found.resource.map((r: { id: string }) => this.get(`/block/volumes/${r.id}`)));
    return volumes.filter((volume) => volume.name === name && !volume.inactive);
  }

  async expectReady(taskId: string): Promise<TaskRep> {
    const task = await this.client.waitForTask(taskId);
    if (task.state !== "ready") throw new Error(`task ${task.name} ended ${task.state}: ${JSON.stringify(task)}`);
    return task;
  }

  /** The ids of the tenant's latest tasks, to tell later which ones a command started. */
  async taskIds(): Promise<Set<string>> {
    return new Set((await this.tasks()).map((task) => task.id));
  }

  /**
   * Waits until every task started since `before` was taken has ended, and returns them: for
   * the ViPR CLI's commands, which answer as soon as the request is accepted.
   */
  async tasksSettledSince(before: Set<string>, timeoutMs = 60_000): Promise<TaskRep[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const started = (await this.tasks()).filter((task) => !before.has(task.id));
      if (started.every((task) => task.state === "ready" || task.state === "error")) return started;
      if (Date.now() > deadline) throw new Error(`tasks still running: ${JSON.stringify(started)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async tasks(): Promise<TaskRep[]> {
    return (await this.get(`/vdc/tasks?tenant=${this.world.tenantId}&max_count=200`)).task;
  }

  /** Writes `bytes` at offset 0 of a volume's simulated content. */
  async write(volumeId: string, bytes: Uint8Array): Promise<void> {
    const response = await fetch(`${this.baseUrl}/sim/volumes/${volumeId}/data?offset=0`, {
      method: "PUT",
      headers: {
        "x-sds-auth-token": this.token,
        "content-type": "application/octet-stream",
        "x-request-id": `${TEST_REQUEST_ID_PREFIX}write`,
      },
      body: bytes,
    });
    if (!response.ok) throw new Error(`write: ${response.status} ${await response.text()}`);
  }

  /** The SHA-256 of a volume's whole content. */
  async digest(volumeId: string): Promise<string> {
    return (await this.get(`/sim/volumes/${volumeId}/digest`)).sha256;
  }
}
