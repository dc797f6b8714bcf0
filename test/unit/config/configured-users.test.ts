import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/infrastructure/config/config.js";

describe("COPRSIM_USERS", () => {
  const users = (value: string) => loadConfig({ COPRSIM_USERS: value }).users;

  it("absent: no users beyond root and sysmonitor", () => {
    expect(loadConfig({}).users).toEqual([]);
  });

  it("reads each user's name, password, home tenant and roles", () => {
    expect(
      users(
        '[{"name":"bob","password":"pw","tenant":" Tenant B ","roles":["TENANT_ADMIN","SYSTEM_MONITOR"]},{"name":"p","password":"x","roles":["PROXY_USER"]}]',
      ),
    ).toEqual([
      { name: "bob", password: "pw", tenant: "Tenant B", roles: ["TENANT_ADMIN", "SYSTEM_MONITOR"] },
      { name: "p", password: "x", tenant: null, roles: ["PROXY_USER"] },
    ]);
  });

  it.each([
    ["not JSON", "must be a JSON array of users"],
    ['{"name":"bob"}', "must be a JSON array of users"],
    ['[{"password":"pw"}]', "entry 1 needs a user name (letters, digits, . _ @ -)"],
    ['[{"name":"bob"}]', "entry 1 (bob) needs a password"],
    ['[{"name":"root","password":"pw"}]', "entry 1: root is configured with its own variable"],
    ['[{"name":"a","password":"1"},{"name":"a","password":"2"}]', "entry 2: a appears twice"],
    ['[{"name":"a","password":"1","roles":["GOD"]}]', 'entry 1 (a): unknown role "GOD"'],
    ['[{"name":"a","password":"1","tenant":""}]', "entry 1 (a): tenant must be a tenant name"],
    ['[{"name":"a","password":"1","group":"x"}]', "entry 1 has unknown field group"],
  ])("%s is refused: %s", (value, problem) => {
    expect(() => users(value)).toThrow(new ConfigError("COPRSIM_USERS", problem));
  });
});

describe("token idle time", () => {
  it("is 8 hours by default, minutes or, when set, seconds", () => {
    expect(loadConfig({}).tokenIdleTtlMs).toBe(8 * 3600 * 1000);
    expect(loadConfig({ COPRSIM_TOKEN_IDLE_MINUTES: "5" }).tokenIdleTtlMs).toBe(300_000);
    expect(loadConfig({ COPRSIM_TOKEN_IDLE_MINUTES: "5", COPRSIM_TOKEN_IDLE_SECONDS: "2" }).tokenIdleTtlMs).toBe(2000);
    expect(() => loadConfig({ COPRSIM_TOKEN_IDLE_SECONDS: "0" })).toThrow(ConfigError);
  });
});

describe("the seeded VNX's snapshot sessions", () => {
  it("is left alone by default, and otherwise supported or refused", () => {
    expect(loadConfig({}).seedSettings.vnxblock).toBeUndefined();
    expect(loadConfig({ COPRSIM_VNX_SNAPSHOT_SESSIONS: "refused" }).seedSettings.vnxblock).toEqual({
      snapshotSessions: "refused",
    });
    expect(loadConfig({ COPRSIM_VNX_SNAPSHOT_SESSIONS: "supported" }).seedSettings.vnxblock).toEqual({
      snapshotSessions: "supported",
    });
    expect(() => loadConfig({ COPRSIM_VNX_SNAPSHOT_SESSIONS: "no" })).toThrow(ConfigError);
  });
});
