import { type FileHandle, open as openFile, readFile } from "node:fs/promises";
import type { Command } from "commander";
import { UsageError } from "../cli-errors.js";
import type { CommandContext } from "../command-context.js";
import { ResourceResolver } from "../resource-resolver.js";
import { readAll } from "../terminal-input.js";
import { byteCount, decimalNumber, wholeNumber } from "./option-parsers.js";

type Open = (command: Command) => Promise<CommandContext>;

/** The most `/sim/volumes/{id}/data` moves in one request (docs/api/sim.md, "Volume content"). */
export const DATA_CHUNK_BYTES = 16 * 1024 * 1024;

interface FaultJson {
  readonly id: string;
  readonly operation: string;
  readonly count: number | null;
  readonly remaining: number | null;
  readonly message?: string;
  readonly retryable?: boolean;
  readonly latency_ms?: number;
}

interface FaultsJson {
  readonly faults: readonly FaultJson[];
  readonly stalls: readonly { readonly job: string; readonly since: number }[];
}

interface ClockJson {
  readonly profile: string;
  readonly speed: number;
}

interface FaultAddOptions {
  readonly operation?: string;
  readonly count?: number;
  readonly message?: string;
  readonly retryable?: boolean;
  readonly latencyMs?: number;
  readonly stall?: string;
}

export function registerSimCommands(program: Command, open: Open): void {
  const sim = program
    .command("sim")
    .description("the simulator's own API (/sim, SYSTEM_ADMIN): volume content, digests, fault injection");

  sim
    .command("write")
    .description("write bytes into a volume or linked target (PUT /sim/volumes/{id}/data)")
    .argument("<volume>", "volume name or URN (a linked target by URN)")
    .argument("<file>", 'file to write, or "-" for standard input')
    .option("--offset <bytes>", "where to write", byteCount, 0)
    .option("--project <project>", "project to find the volume's name in")
    .action(async (volume: string, file: string, options: { offset: number; project?: string }, command: Command) => {
      const context = await open(command);
      const client = context.client();
      const volumeId = await new ResourceResolver(client).volume(volume, options.project);
      const bytes = file === "-" ? await readAll(context.io.stdin) : await readLocalFile(file);
      if (bytes.byteLength === 0) throw new UsageError(`${file === "-" ? "Standard input" : file} is empty.`);
      for (let done = 0; done < bytes.byteLength; done += DATA_CHUNK_BYTES) {
        await client.send({
          method: "PUT",
          path: dataPath(volumeId),
          query: { offset: options.offset + done },
          bytes: bytes.subarray(done, done + DATA_CHUNK_BYTES),
        });
      }
      const answer = { volume: volumeId, offset: options.offset, bytes: bytes.byteLength };
      context.print(answer, `Wrote ${bytes.byteLength} bytes to ${volumeId} at offset ${options.offset}.`);
    });

  sim
    .command("read")
    .description(
      "read bytes of a volume or linked target (GET /sim/volumes/{id}/data); never-written space reads as zeros",
    )
    .argument("<volume>", "volume name or URN (a linked target by URN)")
    .argument("[file]", "file to write them to (default: standard output)")
    .requiredOption("--length <bytes>", "how many bytes", byteCount)
    .option("--offset <bytes>", "where to start", byteCount, 0)
    .option("--project <project>", "project to find the volume's name in")
    .action(
      async (
        volume: string,
        file: string | undefined,
        options: { length: number; offset: number; project?: string },
        command: Command,
      ) => {
        const context = await open(command);
        const client = context.client();
        const volumeId = await new ResourceResolver(client).volume(volume, options.project);
        const toStdout = file === undefined || file === "-";
        const handle = toStdout ? undefined : await createFile(file);
        try {
          for (let done = 0; done < options.length; done += DATA_CHUNK_BYTES) {
            const length = Math.min(DATA_CHUNK_BYTES, options.length - done);
            const response = await client.send({
              method: "GET",
              path: dataPath(volumeId),
              query: { offset: options.offset + done, length },
            });
            if (handle) await handle.write(response.body);
            else await write(context.io.stdout, response.body);
          }
        } finally {
          await handle?.close();
        }
        if (!toStdout) {
          const answer = { volume: volumeId, offset: options.offset, bytes: options.length, file };
          context.print(
            answer,
            `Read ${options.length} bytes of ${volumeId} at offset ${options.offset} into ${file}.`,
          );
        }
      },
    );

  sim
    .command("digest")
    .description("SHA-256 of a volume's whole content, and whether it is a full copy (GET /sim/volumes/{id}/digest)")
    .argument("<volume>", "volume name or URN (a linked target by URN)")
    .option("--project <project>", "project to find the volume's name in")
    .action(async (volume: string, options: { project?: string }, command: Command) => {
      const context = await open(command);
      const client = context.client();
      const volumeId = await new ResourceResolver(client).volume(volume, options.project);
      const digest = await client.getJson<{ sha256: string; full_copy: boolean }>(
        `/sim/volumes/${encodeURIComponent(volumeId)}/digest`,
      );
      context.print(digest, `${digest.sha256}  ${volumeId}${digest.full_copy ? "" : "  (not a full copy)"}`);
    });

  sim
    .command("clock")
    .description("show the simulated arrays' clock (GET /sim/clock), or set it (PUT /sim/clock) for every process")
    .option("--profile <profile>", "instant, fast or realistic")
    .option("--speed <n>", "multiplies every rate; 0 finishes every job at once", decimalNumber)
    .action(async (options: { profile?: string; speed?: number }, command: Command) => {
      const context = await open(command);
      const client = context.client();
      const change = {
        ...(options.profile === undefined ? {} : { profile: options.profile }),
        ...(options.speed === undefined ? {} : { speed: options.speed }),
      };
      const clock =
        Object.keys(change).length === 0
          ? await client.getJson<ClockJson>("/sim/clock")
          : await client.putJson<ClockJson>("/sim/clock", change);
      context.print(clock, `profile ${clock.profile}, speed ${clock.speed}`);
    });

  const fault = sim.command("fault").description("inject, list and clear an array's faults");

  fault
    .command("add")
    .description(
      "inject a fault (POST /sim/storage-systems/{id}/faults): the next --count operations fail with --message, " +
        "or wait --latency-ms first; or --stall a kind of job until the faults are cleared",
    )
    .argument("<system>", "storage system name (a seeded one is named for its system type) or URN")
    .option(
      "--operation <operation>",
      "provision, delete, establish, terminate, link, copy, status, unlink, relink, restore",
    )
    .option("--count <n>", "how many operations it hits", wholeNumber)
    .option("--message <text>", "the array's error text")
    .option("--retryable", "the failure may be retried")
    .option("--latency-ms <ms>", "a delay instead of a failure", wholeNumber)
    .option("--stall <job>", "freeze a kind of job: define, copy, restore")
    .action(async (system: string, options: FaultAddOptions, command: Command) => {
      const context = await open(command);
      const client = context.client();
      const systemId = await new ResourceResolver(client).storageSystem(system);
      const answer = await client.postJson<FaultsJson>(faultsPath(systemId), faultBody(options));
      context.print(answer, faultLines(answer));
    });

  fault
    .command("list")
    .description("the array's injected faults and stalls (from GET /sim/storage-systems/{id})")
    .argument("<system>", "storage system name or URN")
    .action(async (system: string, _options: object, command: Command) => {
      const context = await open(command);
      const client = context.client();
      const systemId = await new ResourceResolver(client).storageSystem(system);
      const view = await client.getJson<FaultsJson>(`/sim/storage-systems/${encodeURIComponent(systemId)}`);
      const answer = { faults: view.faults, stalls: view.stalls };
      context.print(answer, faultLines(answer));
    });

  fault
    .command("clear")
    .description("clear the array's faults; stalled jobs resume (DELETE /sim/storage-systems/{id}/faults)")
    .argument("<system>", "storage system name or URN")
    .action(async (system: string, _options: object, command: Command) => {
      const context = await open(command);
      const client = context.client();
      const systemId = await new ResourceResolver(client).storageSystem(system);
      await client.send({ method: "DELETE", path: faultsPath(systemId) });
      context.print({ storage_system: systemId, faults: [], stalls: [] }, `Cleared the faults of ${systemId}.`);
    });
}

/** The request body as the API takes it; the API judges what is missing or wrong (400/1005, 1008, 1013). */
export function faultBody(options: FaultAddOptions): Record<string, unknown> {
  if (options.stall !== undefined) {
    const others = [options.operation, options.count, options.message, options.retryable, options.latencyMs];
    if (others.some((value) => value !== undefined)) throw new UsageError("--stall comes alone.");
    return { stall: options.stall };
  }
  const body: Record<string, unknown> = { operation: options.operation };
  if (options.count !== undefined) body.count = options.count;
  if (options.latencyMs !== undefined) body.latency_ms = options.latencyMs;
  if (options.message !== undefined) body.message = options.message;
  if (options.retryable !== undefined) body.retryable = options.retryable;
  return body;
}

function faultLines(answer: FaultsJson): string[] {
  if (answer.faults.length === 0 && answer.stalls.length === 0) return ["No faults."];
  return [
    ...answer.faults.map((f) => {
      const what =
        f.latency_ms === undefined
          ? `fails: ${f.message}${f.retryable ? " (retryable)" : ""}`
          : `waits ${f.latency_ms} ms`;
      return `${f.id}  ${f.operation}  ${f.remaining ?? "every"} left  ${what}`;
    }),
    ...answer.stalls.map((s) => `stalled: ${s.job} jobs`),
  ];
}

function dataPath(volumeId: string): string {
  return `/sim/volumes/${encodeURIComponent(volumeId)}/data`;
}

function faultsPath(systemId: string): string {
  return `/sim/storage-systems/${encodeURIComponent(systemId)}/faults`;
}

async function readLocalFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

async function createFile(file: string): Promise<FileHandle> {
  try {
    return await openFile(file, "w");
  } catch (error) {
    throw new UsageError(`Cannot write ${file}: ${(error as Error).message}`);
  }
}

function write(stream: NodeJS.WritableStream, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(bytes, (error?: Error | null) => (error ? reject(error) : resolve()));
  });
}
