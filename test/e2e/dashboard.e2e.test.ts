import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInChromium, launchHeadlessChromium } from "../support/browser/headless-chromium.js";
import { createScratchDatabase, TEST_REDIS_URL } from "../support/e2e/scratch-database.js";
import { createSession, createVolume, discoverSeededWorld, type SeededWorld } from "../support/e2e/seeded-world.js";
import { type RunningService, startService } from "../support/e2e/service-process.js";
import { ViprClient } from "../support/e2e/vipr-client.js";

/** Ignored by git; look at them after a run. */
const SCREENSHOTS = "test-results/dashboard";

describeInChromium("the web dashboard in headless Chromium", () => {
  const dataDir = `/tmp/coprsim-e2e-${randomBytes(4).toString("hex")}`;
  let database: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  let service: RunningService | undefined;
  let browser: Browser | undefined;
  let client: ViprClient;
  let world: SeededWorld;

  beforeAll(async () => {
    database = await createScratchDatabase();
    service = await startService("start", {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      COPRSIM_QUEUE_NAMESPACE: `e2e_${randomBytes(4).toString("hex")}`,
      COPRSIM_DATA_DIR: dataDir,
    });
    browser = await launchHeadlessChromium();
    client = new ViprClient(service.baseUrl);
    await client.login();
    world = await discoverSeededWorld(client);
    // The fast clock at speed 1: a 1 GB copy takes about five seconds.
    const clock = await client.send("PUT", "/sim/clock", JSON.stringify({ profile: "fast", speed: 1 }));
    expect(clock.status).toBe(200);
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      try {
        await service?.stop();
      } finally {
        await database?.drop();
        await rm(dataDir, { recursive: true, force: true });
      }
    }
  });

  it("follows a copy-mode link from the storage systems down to its target, live, until copied", async () => {
    const suffix = randomBytes(3).toString("hex");
    const volumeName = `dash-src-${suffix}`;
    const volumeId = await createVolume(client, world, "vmax", volumeName, "1GB");
    await createSession(client, volumeId, "dashsnap");
    const { page, problems, apiRequests } = await openDashboard(browser!, service!.baseUrl);

    await signIn(page, "root");
    await page.getByRole("heading", { level: 1, name: "Storage systems" }).waitFor();
    await page.getByRole("link", { name: "vmax", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Storage system vmax" }).waitFor();
    await page.getByRole("link", { name: volumeName, exact: true }).click();
    await page.getByRole("heading", { level: 1, name: `Volume ${volumeName}` }).waitFor();
    await page.getByRole("link", { name: "dashsnap", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Snapshot session dashsnap" }).waitFor();
    await page.getByText("No target is linked to this session.").waitFor();
    const sessionFacts = page.getByRole("region", { name: "Session" });
    expect(await sessionFacts.getByRole("term").allTextContents()).toEqual([
      "Source volume",
      "Array",
      "Native id",
      "Created",
      "Id",
    ]);
    expect(await sessionFacts.getByRole("definition").first().textContent()).toBe(volumeName);

    const sessionId = decodeURIComponent(new URL(page.url()).hash.replace("#/snapshot-sessions/", ""));
    const linked = await client.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
      new_linked_targets: { count: 1, target_name: "dashtgt", copy_mode: "copy" },
    });
    expect(linked.status).toBe(202);
    const taskId: string = linked.body.task[0].id;

    // Read the bar as a screen reader would, every 100 ms, until the copy is done.
    const bar = page.getByRole("progressbar", { name: "Copy progress of dashtgt-1" });
    await bar.waitFor({ timeout: 30_000 });
    const readings: number[] = [];
    let midCopy: number | undefined;
    for (const deadline = Date.now() + 60_000; readings.at(-1) !== 100; ) {
      if (Date.now() > deadline) throw new Error(`the copy did not reach 100 %: ${readings.join(", ")}`);
      const value = Number(await bar.getAttribute("aria-valuenow"));
      if (value !== readings.at(-1)) readings.push(value);
      if (midCopy === undefined && value > 0 && value < 100) {
        await page.screenshot({ path: `${SCREENSHOTS}/mid-copy.png`, fullPage: true });
        midCopy = value;
      }
      await page.waitForTimeout(100);
    }
    console.info(`the copy's bar read ${readings.join(" → ")} %`);
    // Moving: read part-way, then strictly more (up to the 100 that ended the loop), never less.
    expect(midCopy, `a reading between 0 and 100 among ${readings.join(", ")}`).toBeDefined();
    expect(readings.filter((value) => value > midCopy!).length).toBeGreaterThan(0);
    expect(readings, "the bar never goes back").toEqual([...readings].sort((a, b) => a - b));

    const targetRow = page.getByRole("row").filter({ hasText: "dashtgt-1" });
    await expect
      .poll(() => targetRow.getByRole("cell").allTextContents())
      .toEqual(["dashtgt-1", "copy", "copied", "Copied", "SYNCHRONIZED", "100 %"]);
    const taskRow = page.getByRole("row").filter({ hasText: "LINK SNAPSHOT SESSION TARGETS" });
    await expect.poll(() => taskRow.getByRole("cell").nth(1).textContent()).toBe("ready");
    expect(await taskRow.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("100");
    await page.screenshot({ path: `${SCREENSHOTS}/copied.png`, fullPage: true });

    // The page showed what the API says.
    expect((await client.waitForTask(taskId)).state).toBe("ready");
    const [target] = (await client.get(`/block/volumes/${volumeId}/protection/snapshots`)).body.snapshot;
    const targetRep = (await client.get(`/block/snapshots/${target.id}`)).body;
    expect(targetRep).toMatchObject({ name: "dashtgt-1", link_state: { state: "copied", percent_copied: 100 } });

    // A client of the public API: Basic credentials once at /login, then the token on every call.
    expect(apiRequests.filter((r) => r.path === "/login").map((r) => r.authorization?.split(" ")[0])).toEqual([
      "Basic",
    ]);
    const dataCalls = apiRequests.filter((r) => r.path !== "/login");
    expect(dataCalls.length).toBeGreaterThan(10);
    expect(dataCalls.filter((r) => !r.token)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("signs sysmonitor in and out, and tells a wrong password", async () => {
    const { page, problems } = await openDashboard(browser!, service!.baseUrl);
    const signOut = page.getByRole("button", { name: "Sign out" });
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    expect(await signOut.isVisible(), "no Sign out on the sign-in page").toBe(false);
    await signIn(page, "sysmonitor", "wrong");
    await expect.poll(() => page.getByRole("alert").first().textContent()).toBe("Wrong user name or password.");
    expect(await signOut.isVisible(), "no Sign out after a refused sign-in").toBe(false);

    await signIn(page, "sysmonitor");
    await page.getByRole("heading", { level: 1, name: "Storage systems" }).waitFor();
    await expect.poll(() => page.getByText("Signed in as sysmonitor").count()).toBe(1);
    const vmaxRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: "vmax", exact: true }) });
    expect(await vmaxRow.getByRole("cell").nth(1).textContent()).toBe("vmax");

    expect(await signOut.isVisible()).toBe(true);
    await signOut.click();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    expect(await signOut.isVisible(), "no Sign out once signed out").toBe(false);
    expect(await page.getByText("Signed in as").isVisible()).toBe(false);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(problems.filter((p) => !p.includes("401"))).toEqual([]);
    await page.close();
  });
});

interface ApiRequest {
  readonly path: string;
  readonly token: string | undefined;
  readonly authorization: string | undefined;
}

/** A fresh page on the dashboard, recording the API calls it makes and any error it logs. */
async function openDashboard(browser: Browser, baseUrl: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  const apiRequests: ApiRequest[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("response", (response) => {
    if (response.status() >= 400)
      problems.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith("/ui")) return;
    const headers = request.headers();
    apiRequests.push({ path, token: headers["x-sds-auth-token"], authorization: headers.authorization });
  });
  await page.goto(`${baseUrl}/ui`);
  expect(new URL(page.url()).pathname).toBe("/ui/");
  return { page, problems, apiRequests };
}

async function signIn(page: Page, user: string, password = "ChangeMe"): Promise<void> {
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
