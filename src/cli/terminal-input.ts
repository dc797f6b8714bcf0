import { createInterface } from "node:readline";
import { UsageError } from "./cli-errors.js";
import type { CliIo } from "./command-context.js";

/** Asks on the terminal; `hidden` keeps what is typed off the screen (a password). */
export async function askLine(io: CliIo, question: string, { hidden }: { hidden: boolean }): Promise<string> {
  if (!io.stdin.isTTY) {
    throw new UsageError(
      `${question.replace(/:\s*$/, "")} is needed: pass it as an option or in the environment (stdin is not a terminal).`,
    );
  }
  const readline = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  const output = readline as unknown as { _writeToOutput(text: string): void };
  let muted = false;
  const write = output._writeToOutput.bind(readline);
  output._writeToOutput = (text: string) => {
    if (!muted) write(text);
  };
  try {
    const answer = new Promise<string>((resolve) => readline.question(question, resolve));
    muted = hidden;
    const line = await answer;
    if (hidden) io.stderr.write("\n");
    return line;
  } finally {
    readline.close();
  }
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
