import { createServer } from "node:net";
import { createIsolatedEnvironment, type IsolatedEnvironment } from "../../support/e2e/isolated-environment.js";
import { type RunningService, startService } from "../../support/e2e/service-process.js";

/**
 * bourne logs in only on HTTPS port 4443 (its `login` refuses any `BOURNE_PORT` but 4443, and
 * 8443 with an authentication service that redirects), and sends every later call to the port
 * it logged in on: the tier's service must listen there. Test files run one at a time, so one
 * file holds it at a time; another process holding it (a `npm start`, this tier run from another
 * checkout) is waited for, then reported.
 */
export const CLIENT_HTTPS_PORT = 4443;
const PORT_WAIT_MS = 90_000;

export interface ClientService {
  readonly service: RunningService;
  /** `https://127.0.0.1:4443`. */
  readonly httpsUrl: string;
  stop(): Promise<void>;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

async function waitForFreePort(port: number): Promise<void> {
  const deadline = Date.now() + PORT_WAIT_MS;
  while (!(await portIsFree(port))) {
    if (Date.now() > deadline) throw portTaken(port);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function portTaken(port: number): Error {
  return new Error(
    `test/clients needs 127.0.0.1:${port} (bourne logs in only on HTTPS ${port}), but another process ` +
      `has held it for ${PORT_WAIT_MS / 1000} s: stop it (a running \`npm start\`?) and run the tier again`,
  );
}

/**
 * Starts coprsim as a user would (`src/main/start.ts`: API and worker in one process) on its own
 * database and queue namespace, HTTPS on 4443, logging every request so that a test can see
 * what the clients asked and what they were answered.
 */
export async function startServiceOn4443(): Promise<ClientService> {
  const environment: IsolatedEnvironment = await createIsolatedEnvironment();
  let service: RunningService;
  try {
    await waitForFreePort(CLIENT_HTTPS_PORT);
    service = await startService("start", {
      ...environment.env,
      COPRSIM_HTTPS_PORT: String(CLIENT_HTTPS_PORT),
      COPRSIM_CLOCK: "fast",
      LOG_LEVEL: "info",
    });
  } catch (error) {
    await environment.dispose();
    if (String(error).includes("EADDRINUSE")) throw portTaken(CLIENT_HTTPS_PORT);
    throw error;
  }
  return {
    service,
    httpsUrl: `https://127.0.0.1:${CLIENT_HTTPS_PORT}`,
    async stop() {
      await service.stop();
      await environment.dispose();
    },
  };
}
