import type { Command } from "commander";
import { NotLoggedIn, ServiceUnreachable, UsageError } from "../cli-errors.js";
import type { CommandContext } from "../command-context.js";
import { withLogin, withoutLogin, writeConfig } from "../config/cli-config.js";
import { ApiClient, AUTH_TOKEN_HEADER } from "../http/api-client.js";
import { askLine, readAll } from "../terminal-input.js";

type Open = (command: Command) => Promise<CommandContext>;

interface LoginOptions {
  readonly user?: string;
  readonly password?: string;
  readonly passwordStdin?: boolean;
}

export function registerAuthCommands(program: Command, open: Open): void {
  program
    .command("login")
    .description(
      "log in (GET /login with HTTP Basic) and keep the X-SDS-AUTH-TOKEN, with the URL, in a file only you can read",
    )
    .option("-u, --user <name>", "user name (or COPRSIM_USER; asked for when missing)")
    .option("-p, --password <password>", "password (or COPRSIM_PASSWORD; asked for, unseen, when missing)")
    .option("--password-stdin", "read the password from standard input")
    .action(async (options: LoginOptions, command: Command) => {
      const context = await open(command);
      const { io } = context;
      const user = options.user ?? io.env.COPRSIM_USER ?? (await askLine(io, "User: ", { hidden: false }));
      const password = options.passwordStdin
        ? (await readAll(io.stdin)).toString("utf8").replace(/\r?\n$/, "")
        : (options.password ?? io.env.COPRSIM_PASSWORD ?? (await askLine(io, "Password: ", { hidden: true })));
      if (!user) throw new UsageError("A user name is needed.");
      const insecure = context.options.insecure === true;
      const client = new ApiClient({ url: context.url, insecure });
      const response = await client.send({ method: "GET", path: "/login", basic: { user, password } });
      const token = response.headers[AUTH_TOKEN_HEADER];
      if (typeof token !== "string" || token === "") {
        throw new NotLoggedIn(`${context.url} answered /login without an ${AUTH_TOKEN_HEADER} header.`);
      }
      const answer = JSON.parse(response.body.toString("utf8") || "{}") as { user?: string };
      await writeConfig(
        context.configFile,
        withLogin(context.config, context.url, { user: answer.user ?? user, token, insecure, loggedInAt: Date.now() }),
      );
      context.print(
        answer,
        `Logged in to ${context.url} as ${answer.user ?? user} (token kept in ${context.configFile}).`,
      );
    });

  program
    .command("logout")
    .description("end the session on the server (GET /logout) and forget the token")
    .action(async (_options: object, command: Command) => {
      const context = await open(command);
      if (context.storedLogin === undefined) {
        context.print({}, `Not logged in to ${context.url}.`);
        return;
      }
      let unreachable: ServiceUnreachable | undefined;
      let answer: unknown = {};
      try {
        answer = await context.client().getJson("/logout");
      } catch (error) {
        if (error instanceof ServiceUnreachable) unreachable = error;
        else if (!(error instanceof NotLoggedIn)) throw error;
      }
      await writeConfig(context.configFile, withoutLogin(context.config, context.url));
      if (unreachable) throw unreachable;
      context.print(answer, `Logged out of ${context.url}.`);
    });
}
