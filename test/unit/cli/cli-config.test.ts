import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../../src/cli/cli-errors.js";
import {
  configPath,
  DEFAULT_URL,
  readConfig,
  serverUrl,
  withLogin,
  withoutLogin,
  writeConfig,
} from "../../../src/cli/config/cli-config.js";

describe("the CLI's configuration file", () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "coprsim-cli-config-"));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("lives under $XDG_CONFIG_HOME, else under ~/.config", () => {
    expect(configPath({ XDG_CONFIG_HOME: "/x/cfg", HOME: "/home/u" })).toBe("/x/cfg/coprsim/config.json");
    expect(configPath({ HOME: "/home/u" })).toBe("/home/u/.config/coprsim/config.json");
  });

  it("is written readable by its owner only, even over a file that was not", async () => {
    const path = join(directory, "coprsim", "config.json");
    const login = { user: "root", token: "secret", insecure: false, loggedInAt: 1 };
    await writeConfig(path, withLogin({ servers: {} }, "http://a:8080", login));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(directory, "coprsim"))).mode & 0o777).toBe(0o700);

    await writeFile(path, await readFile(path), { mode: 0o644 });
    const config = await readConfig(path);
    await writeConfig(path, withLogin(config, "https://b:4443", { ...login, insecure: true }));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const reread = await readConfig(path);
    expect(reread.current).toBe("https://b:4443");
    expect(Object.keys(reread.servers).sort()).toEqual(["http://a:8080", "https://b:4443"]);
    expect(withoutLogin(reread, "http://a:8080").servers).toEqual({ "https://b:4443": { ...login, insecure: true } });
  });

  it("reads as empty when missing, and refuses a damaged file", async () => {
    expect(await readConfig(join(directory, "none.json"))).toEqual({ servers: {} });
    const damaged = join(directory, "damaged.json");
    await writeFile(damaged, "{not json");
    await expect(readConfig(damaged)).rejects.toBeInstanceOf(UsageError);
  });

  it("takes the URL from --url, then COPRSIM_URL, then the last login, then the default", () => {
    const config = { current: "http://last:8080", servers: {} };
    expect(serverUrl("http://opt:1/", { COPRSIM_URL: "http://env:2" }, config)).toBe("http://opt:1");
    expect(serverUrl(undefined, { COPRSIM_URL: "http://env:2" }, config)).toBe("http://env:2");
    expect(serverUrl(undefined, {}, config)).toBe("http://last:8080");
    expect(serverUrl(undefined, {}, { servers: {} })).toBe(DEFAULT_URL);
    expect(() => serverUrl("ftp://x", {}, config)).toThrow(UsageError);
    expect(() => serverUrl("not a url", {}, config)).toThrow(UsageError);
  });
});
