import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { LightMyRequestResponse } from "fastify";
import type { WireFormat } from "./wire-bodies.js";

/*
 * What a client may be answered, written down from docs/api/conventions.md ("Service codes")
 * and not taken from the code under test: every error a request body can earn, with its status
 * and description.
 */
const CONTRACT_ERRORS: Readonly<Record<number, { status: number; description: string }>> = {
  1002: { status: 400, description: "URI parameter is invalid" },
  1004: { status: 400, description: "Request parameter cannot be found" },
  1005: { status: 400, description: "Required parameter is missing or empty" },
  1006: { status: 400, description: "Request parameter is inactive and marked for deletion" },
  1007: { status: 405, description: "Method not supported" },
  1008: { status: 400, description: "Parameter was provided but invalid" },
  1013: { status: 400, description: "Bad request body" },
  1014: { status: 400, description: "Parameter value not within range" },
  1031: { status: 400, description: "Exceeding limit" },
  1056: { status: 400, description: "Operation not allowed because there is another task updating this resource" },
  2000: { status: 404, description: "Unable to find entity in request URL" },
  2001: { status: 404, description: "URI parameter is inactive and marked for deletion" },
  3000: { status: 403, description: "This operation is forbidden for this resource using the specified credentials" },
};

/**
 * Refusals of the transport: a body over 1 MiB, a body without a Content-Type or with one that is
 * neither JSON nor XML, an Accept that takes neither (the real controller's unexpected-error code).
 */
const TRANSPORT_ERRORS: Readonly<Record<number, { code: number; description: string }>> = {
  406: { code: 999, description: "An unexpected error occurred, please check the ViPR logs for more information" },
  413: { code: 1013, description: "Bad request body" },
  415: { code: 1003, description: "Unsupported or missing media type" },
};

export interface ViprErrorAnswer {
  readonly status: number;
  readonly code: number;
  readonly description: string;
  readonly details: string;
  readonly retryable: boolean;
}

export interface TaskAnswer {
  readonly id: string;
  readonly opId: string;
  readonly state: string;
  readonly resourceId: string;
}

const parser = new XMLParser({
  ignoreDeclaration: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  processEntities: true,
  isArray: (_name, jpath) => jpath === "tasks.task",
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what XML 1.0 cannot carry
const NOT_XML_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|&#x?0*(?:[0-8bBcCeE]|1[0-9a-fA-F]);/;

function fail(response: LightMyRequestResponse, why: string): never {
  throw new Error(
    `${why}\n  status ${response.statusCode} ${response.headers["content-type"]}\n  ${response.body.slice(0, 600)}`,
  );
}

/** The body in the format the request asked for, parsed; XML must be well-formed and carry only XML characters. */
function parsedBody(response: LightMyRequestResponse, format: WireFormat): Record<string, unknown> {
  const contentType = String(response.headers["content-type"] ?? "");
  if (!contentType.startsWith(format === "json" ? "application/json" : "application/xml")) {
    fail(response, `answered in ${contentType}, not ${format}`);
  }
  if (format === "json") {
    try {
      const value = JSON.parse(response.body);
      if (typeof value !== "object" || value === null || Array.isArray(value)) fail(response, "not a JSON object");
      return value;
    } catch (error) {
      fail(response, `not JSON: ${(error as Error).message}`);
    }
  }
  if (NOT_XML_CHARACTERS.test(response.body)) fail(response, "XML with characters XML 1.0 cannot carry");
  const validation = XMLValidator.validate(response.body);
  if (validation !== true) fail(response, `malformed XML: ${validation.err.msg}`);
  return parser.parse(response.body);
}

function exactKeys(
  response: LightMyRequestResponse,
  value: unknown,
  keys: readonly string[],
  what: string,
): Record<string, unknown> {
  if (typeof value !== "object" || value === null) fail(response, `${what} is not an object`);
  const actual = Object.keys(value).sort();
  if (actual.join() !== [...keys].sort().join()) fail(response, `${what} has members ${actual.join()}`);
  return value as Record<string, unknown>;
}

/** A well-formed ViPR error: the status docs/api/conventions.md gives its code, the code's description, details, retryable. */
export function viprError(response: LightMyRequestResponse, format: WireFormat): ViprErrorAnswer {
  const body = parsedBody(response, format);
  const fields = format === "json" ? body : exactKeys(response, body, ["error"], "the document").error;
  const { code, description, details, retryable } = exactKeys(
    response,
    fields,
    ["code", "description", "details", "retryable"],
    "the error",
  );
  const answer: ViprErrorAnswer = {
    status: response.statusCode,
    code: format === "json" ? (code as number) : /^\d+$/.test(String(code)) ? Number(code) : Number.NaN,
    description: String(description),
    details: format === "json" ? (details as string) : String(details ?? ""),
    retryable:
      format === "json"
        ? (retryable as boolean)
        : retryable === "true"
          ? true
          : retryable === "false"
            ? false
            : (retryable as boolean),
  };
  if (typeof answer.details !== "string" || answer.details === "") fail(response, "details is not a non-empty string");
  if (typeof answer.retryable !== "boolean") fail(response, "retryable is not a boolean");
  if (answer.retryable) fail(response, "a refused request body is not retryable");
  const transport = TRANSPORT_ERRORS[answer.status];
  if (transport !== undefined) {
    if (answer.code !== transport.code || answer.description !== transport.description)
      fail(response, `a transport refusal ${answer.status} is not ${transport.code}`);
    return answer;
  }
  const known = CONTRACT_ERRORS[answer.code];
  if (known === undefined) fail(response, `code ${answer.code} is not one a request body can earn`);
  if (known.status !== answer.status) fail(response, `code ${answer.code} comes with status ${known.status}`);
  if (known.description !== answer.description)
    fail(response, `code ${answer.code} is described "${known.description}"`);
  return answer;
}

const TASK_ID = /^urn:storageos:Task:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}:vdc1$/;
const OP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function task(response: LightMyRequestResponse, value: unknown): TaskAnswer {
  if (typeof value !== "object" || value === null) fail(response, "a task is not an object");
  const fields = value as Record<string, any>;
  const answer = {
    id: String(fields.id),
    opId: String(fields.op_id),
    state: String(fields.state),
    resourceId: String(fields.resource?.id),
  };
  if (!TASK_ID.test(answer.id)) fail(response, `task id ${answer.id}`);
  if (!OP_ID.test(answer.opId)) fail(response, `task op_id ${answer.opId}`);
  // Accepted tasks are pending, even one that waits behind another operation of its session.
  if (answer.state !== "pending") fail(response, `task state ${answer.state}`);
  if (String(fields.progress) !== "0") fail(response, `task progress ${fields.progress}`);
  if (String(fields.inactive) !== "false") fail(response, "task inactive is not false");
  if (fields.link?.href !== `/vdc/tasks/${answer.id}`) fail(response, `task link ${JSON.stringify(fields.link)}`);
  if (typeof fields.name !== "string") fail(response, "task without name");
  if ("message" in fields) fail(response, "a task just accepted has a message");
  return answer;
}

/** 202 with a task list (`{"task":[…]}`, `<tasks><task>…`) of that many tasks. */
export function acceptedTaskList(response: LightMyRequestResponse, format: WireFormat, tasks: number): TaskAnswer[] {
  if (response.statusCode !== 202) fail(response, "an accepted request is not answered 202");
  const body = parsedBody(response, format);
  const list =
    format === "json"
      ? exactKeys(response, body, ["task"], "the task list").task
      : (exactKeys(response, body, ["tasks"], "the document").tasks as Record<string, unknown>)?.task;
  if (!Array.isArray(list) || list.length !== tasks) fail(response, `not a list of ${tasks} tasks`);
  return list.map((each) => task(response, each));
}

/** 202 with a single task (`{…}`, `<task>…</task>`). */
export function acceptedTask(response: LightMyRequestResponse, format: WireFormat): TaskAnswer {
  if (response.statusCode !== 202) fail(response, "an accepted request is not answered 202");
  const body = parsedBody(response, format);
  return task(response, format === "json" ? body : exactKeys(response, body, ["task"], "the document").task);
}
