import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../../../src/application/ports/clock.js";
import { hashPassword, PgAuthStore } from "../../../src/infrastructure/persistence/auth-store.js";
import { seedDefaults } from "../../../src/infrastructure/persistence/seed.js";
import { openTestDatabase, type TestDatabase } from "./support/test-database.js";

const HOUR = 3_600_000;
const TTL = 8 * HOUR;

class FixedClock implements Clock {
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

let db: TestDatabase;
let clock: FixedClock;
let auth: PgAuthStore;

beforeAll(async () => {
  db = await openTestDatabase("auth");
  await seedDefaults(db.dataSource, { rootPassword: "ChangeMe", sysmonitorPassword: "ChangeMe" });
  clock = new FixedClock(1_790_000_000_000);
  auth = new PgAuthStore(db.dataSource, clock);
});

afterAll(async () => {
  await db?.drop();
});

describe("passwords", () => {
  it("are stored as salted scrypt hashes in the documented format", async () => {
    const a = await hashPassword("secret");
    const b = await PgAuthStore.hashPassword("secret");

    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(a).not.toEqual(b);
  });

  it("accept the right password and refuse a wrong one or an unknown user", async () => {
    const root = await auth.findUser("root");

    expect(await auth.verifyPassword(root, "ChangeMe")).toBe(true);
    expect(await auth.verifyPassword(root, "changeme")).toBe(false);
    expect(await auth.verifyPassword(root, "")).toBe(false);
    expect(await auth.findUser("nobody")).toBeNull();
    expect(await auth.verifyPassword(null, "ChangeMe")).toBe(false);
  });

  it("refuse a stored hash that is not one of ours", async () => {
    const root = (await auth.findUser("root"))!;

    expect(await auth.verifyPassword({ ...root, passwordHash: "ChangeMe" }, "ChangeMe")).toBe(false);
    expect(await auth.verifyPassword({ ...root, passwordHash: "scrypt$99999999999$8$1$AAAA$AAAA" }, "x")).toBe(false);
  });
});

describe("tokens", () => {
  it("resolve to their user until revoked", async () => {
    const token = await auth.issueToken("root", TTL);

    expect(await auth.resolveToken(token, TTL)).toBe("root");
    await auth.revokeToken(token);
    expect(await auth.resolveToken(token, TTL)).toBeNull();
  });

  it("are long and random, and only their SHA-256 is stored", async () => {
    const token = await auth.issueToken("sysmonitor", TTL);
    const other = await auth.issueToken("sysmonitor", TTL);

    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
    expect(token).not.toEqual(other);
    const rows: { token_hash: string }[] = await db.dataSource.query(
      "SELECT token_hash FROM auth_tokens WHERE user_name = 'sysmonitor'",
    );
    const stored = rows.map((row) => row.token_hash);
    expect(stored).toContain(createHash("sha256").update(token).digest("hex"));
    expect(stored).not.toContain(token);
  });

  it("resolve to their whole user in one look-up, or to nothing when unknown or revoked", async () => {
    const token = await auth.issueToken("root", TTL);

    expect(await auth.userOfToken(token, TTL)).toEqual(await auth.findUser("root"));
    expect(await auth.userOfToken("not-a-token", TTL)).toBeNull();
    await auth.revokeToken(token);
    expect(await auth.userOfToken(token, TTL)).toBeNull();
  });

  it("do not resolve when unknown", async () => {
    expect(await auth.resolveToken("not-a-token", TTL)).toBeNull();
  });

  it("expire after the idle time, and each use extends their life", async () => {
    const token = await auth.issueToken("root", TTL);

    clock.advance(TTL - HOUR);
    expect(await auth.resolveToken(token, TTL)).toBe("root");
    clock.advance(TTL - HOUR);
    expect(await auth.resolveToken(token, TTL)).toBe("root");
    clock.advance(TTL);
    expect(await auth.resolveToken(token, TTL)).toBeNull();
  });

  it("stop resolving when their user is deactivated", async () => {
    const token = await auth.issueToken("sysmonitor", TTL);
    await db.dataSource.query("UPDATE users SET inactive = true WHERE name = 'sysmonitor'");
    try {
      expect(await auth.resolveToken(token, TTL)).toBeNull();
      expect(await auth.findUser("sysmonitor")).toBeNull();
    } finally {
      await db.dataSource.query("UPDATE users SET inactive = false WHERE name = 'sysmonitor'");
    }
  });
});
