import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInChromium, launchHeadlessChromium } from "../support/browser/headless-chromium.js";
import { HttpTestApp } from "../support/http/http-test-app.js";

describeInChromium("the Swagger UI page in headless Chromium", () => {
  const t = new HttpTestApp();
  let browser: Browser | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchHeadlessChromium();
  });

  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await t.close();
    }
  });

  it("lists every operation of the document, and tries one out with the token given to Authorize", async () => {
    const document = (await t.app.inject({ method: "GET", url: "/apidocs/json" })).json();
    const operations = Object.values(document.paths as Record<string, object>).flatMap((item) => Object.keys(item));
    const page = await (browser as Browser).newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    await page.goto(`${baseUrl}/apidocs`);
    await page.waitForSelector(".opblock", { timeout: 30_000 });
    expect(await page.locator(".opblock").count()).toBe(operations.length);
    await expect
      .poll(() =>
        page.locator(".opblock-summary-path", { hasText: "/block/snapshot-sessions/{id}/link-targets" }).count(),
      )
      .toBe(1);

    const token = await t.login();
    await page.click(".auth-wrapper .authorize");
    const apiKey = page.locator(".auth-container", { hasText: "authToken" });
    await apiKey.locator("input").fill(token);
    await apiKey.locator("button.authorize").click();
    await page.click(".btn-done");

    const tenant = page.locator(".opblock-get", { has: page.locator('.opblock-summary-path[data-path="/tenant"]') });
    await tenant.locator(".opblock-summary").click();
    await tenant.locator(".try-out__btn").click();
    await tenant.locator("button.execute").click();
    const status = tenant.locator(".live-responses-table tbody .response-col_status").first();
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain("200");
    await expect.poll(() => tenant.locator(".live-responses-table").textContent()).toContain("Provider Tenant");
    expect(errors).toEqual([]);
  });
});
