import "reflect-metadata";
import { randomBytes } from "node:crypto";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { pino } from "pino";
import { UNIT_OF_WORK, type UnitOfWork } from "../../../src/application/ports/unit-of-work.js";
import { loadConfig } from "../../../src/infrastructure/config/config.js";
import { createApiContainer } from "../../../src/infrastructure/container/process-containers.js";
import { openRuntime, type Runtime } from "../../../src/infrastructure/container/runtime.js";
import { createHttpApp } from "../../../src/infrastructure/http/http-server.js";
import { type SeededIds, seedDefaults } from "../../../src/infrastructure/persistence/seed.js";
import { httpDependenciesOf } from "../../../src/main/api-service.js";
import { prepareSimulatedArrays } from "../../../src/main/prepare-schema.js";
import { createScratchDatabase, TEST_REDIS_URL } from "../../support/e2e/scratch-database.js";
import { basic } from "../../support/http/http-test-app.js";

/** A request as the suite sends it: the body is raw text, sent exactly as generated. */
export interface RawRequest {
  readonly url: string;
  readonly payload: string;
  readonly contentType?: string;
  readonly accept?: string;
}

/** The rows whose number a request may change. */
export interface RowCounts {
  readonly tasks: number;
  readonly linkedTargets: number;
  readonly sessions: number;
  readonly volumes: number;
  readonly consistencyGroups: number;
  /**
   * Workflow starts: those written (kept in `workflow_runs` whether the relay or the accepting
   * process launches them) plus operations waiting in a session's queue.
   */
  readonly workflowStarts: number;
}

const PASSWORD = "ChangeMe";
const HANG_MS = 10_000;

/**
 * The API as the API process wires it (container, handlers, queries, fastify app), in this
 * process, on a database of its own; no worker runs, so accepted work is never done.
 */
export class FuzzServer {
  private constructor(
    readonly app: FastifyInstance,
    readonly unitOfWork: UnitOfWork,
    readonly runtime: Runtime,
    readonly seeded: SeededIds,
    private readonly dropDatabase: () => Promise<void>,
    readonly token: string,
    /** What the app logged at level error: the cause of a 500, should one happen. */
    readonly loggedErrors: string[],
  ) {}

  static async start(): Promise<FuzzServer> {
    const database = await createScratchDatabase();
    const loggedErrors: string[] = [];
    const logger = pino({ level: "error" }, { write: (line: string) => void loggedErrors.push(line) });
    const config = loadConfig({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      COPRSIM_QUEUE_NAMESPACE: `fuzz_${randomBytes(4).toString("hex")}`,
      COPRSIM_DB_POOL_SIZE: "4",
      LOG_LEVEL: "error",
    });
    const runtime = await openRuntime(config, logger, prepareSimulatedArrays);
    const seeded = await seedDefaults(runtime.dataSource, { rootPassword: PASSWORD, sysmonitorPassword: PASSWORD });
    const container = createApiContainer(config, logger, runtime);
    const app = createHttpApp(httpDependenciesOf(container, config, logger));
    const login = await app.inject({
      method: "GET",
      url: "/login",
      headers: { authorization: basic("root", PASSWORD) },
    });
    const token = login.headers["x-sds-auth-token"];
    if (typeof token !== "string") throw new Error(`login failed: ${login.statusCode} ${login.body}`);
    return new FuzzServer(
      app,
      container.get<UnitOfWork>(UNIT_OF_WORK),
      runtime,
      seeded,
      () => database.drop(),
      token,
      loggedErrors,
    );
  }

  /** Sends the request as root; a request not answered within 10 s fails as a hang. */
  async send(request: RawRequest): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { "x-sds-auth-token": this.token };
    if (request.contentType !== undefined) headers["content-type"] = request.contentType;
    if (request.accept !== undefined) headers.accept = request.accept;
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms`)), HANG_MS);
    });
    try {
      return await Promise.race([
        this.app.inject({ method: "POST", url: request.url, headers, payload: request.payload }),
        hang,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async counts(): Promise<RowCounts> {
    const [row] = await this.runtime.dataSource.query(`SELECT
      (SELECT count(*) FROM tasks)::int AS tasks,
      (SELECT count(*) FROM linked_targets)::int AS "linkedTargets",
      (SELECT count(*) FROM snapshot_sessions)::int AS sessions,
      (SELECT count(*) FROM volumes)::int AS volumes,
      (SELECT count(*) FROM consistency_groups)::int AS "consistencyGroups",
      ((SELECT count(*) FROM workflow_runs) + (SELECT count(*) FROM session_operations WHERE state = 'queued'))::int
        AS "workflowStarts"`);
    return row as RowCounts;
  }

  /**
   * Ends a task `ready`, as the worker would once its work is done: a session's creation leaves
   * its volume's task pending until then, and the next creation on that volume is refused meanwhile.
   */
  async completeTask(taskId: string): Promise<void> {
    await this.unitOfWork.run(async (scope) => {
      const task = await scope.tasks.findById(taskId);
      if (!task) throw new Error(`no task ${taskId}`);
      task.complete(Date.now());
      await scope.tasks.save(task);
    });
  }

  /** The targets a link task prepared. */
  async targetsOfTask(taskId: string): Promise<number> {
    const [row] = await this.runtime.dataSource.query(
      "SELECT count(*)::int AS n FROM linked_targets WHERE link_task_id = $1",
      [taskId],
    );
    return (row as { n: number }).n;
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.runtime.close();
    await this.dropDatabase();
  }
}
