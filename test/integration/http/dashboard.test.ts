import { readdir, readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HttpTestApp } from "../../support/http/http-test-app.js";

const UI_FILES = "src/infrastructure/http/ui";

async function filesUnder(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? filesUnder(dir, posix.join(prefix, entry.name)) : [posix.join(prefix, entry.name)],
    ),
  );
  return nested.flat();
}

describe("the dashboard's files at /ui", () => {
  let t: HttpTestApp;

  beforeEach(() => {
    t = new HttpTestApp();
  });
  afterEach(() => t.close());

  const get = (url: string) => t.app.inject({ method: "GET", url, headers: { accept: "application/json" } });

  it("redirects /ui to /ui/, where the page's relative module paths resolve", async () => {
    for (const url of ["/ui", "/ui?x=1"]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(301);
      expect(response.headers.location).toBe("/ui/");
    }
  });

  it("serves the page without a token, limited to its own origin", async () => {
    const response = await get("/ui/");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(response.body).toContain('<script type="module" src="/ui/app.js"></script>');
  });

  it("serves every file of the dashboard with its type, and every module a module imports", async () => {
    const files = await filesUnder(UI_FILES);
    expect(files).toEqual(expect.arrayContaining(["index.html", "app.js", "styles.css", "views/snapshot-session.js"]));
    const types: Record<string, RegExp> = {
      html: /^text\/html/,
      js: /^(application|text)\/javascript/,
      css: /^text\/css/,
      svg: /^image\/svg\+xml/,
    };
    for (const file of files) {
      const response = await get(`/ui/${file}`);
      expect(response.statusCode, file).toBe(200);
      expect(response.headers["content-type"], file).toMatch(types[file.split(".").pop() ?? ""] ?? /^$/);
      if (!file.endsWith(".js")) continue;
      const source = await readFile(join(UI_FILES, file), "utf8");
      for (const [, imported] of source.matchAll(/from "(\.[^"]+)"/g)) {
        const target = posix.normalize(posix.join(posix.dirname(file), imported ?? ""));
        expect(files, `${file} imports ${imported}`).toContain(target);
      }
    }
  });

  it("answers a missing file with a ViPR 404, and serves nothing outside its folder", async () => {
    const missing = await get("/ui/missing.js");
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 2000 });
    for (const url of [
      "/ui/../package.json",
      "/ui/..%2f..%2f..%2f..%2fpackage.json",
      "/ui/%2e%2e/%2e%2e/package.json",
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).not.toBe(200);
      expect(response.body, url).not.toContain('"name": "coprsim"');
    }
  });

  it("opens no API route without a token", async () => {
    for (const url of ["/vdc/storage-systems", "/ui/../vdc/storage-systems", "/user/whoami"]) {
      expect((await get(url)).statusCode, url).toBe(401);
    }
  });
});
