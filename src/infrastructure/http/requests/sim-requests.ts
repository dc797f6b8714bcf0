import { ServiceCode } from "../../../domain/shared/service-code.js";
import { ServiceError } from "../../../domain/shared/service-error.js";
import { SIM_JOBS, SIM_OPERATIONS } from "../../../drivers/simulation/array-state-store.js";
import type { SimFaultRequest } from "../../../drivers/simulation/simulated-arrays.js";
import { isRawBody } from "../codecs/raw-body.js";

/*
 * The JSON bodies of the simulator's own API (`/sim`): a fault to inject, a clock setting.
 * Malformed JSON or an unknown property: 400/1013; a missing value 400/1005; a bad one 400/1008.
 */

type Json = Record<string, unknown>;

function badBody(details: string): ServiceError {
  return new ServiceError(ServiceCode.BAD_REQUEST_BODY, details);
}

function invalid(name: string, value: unknown, expected: string): ServiceError {
  return new ServiceError(
    ServiceCode.PARAMETER_INVALID,
    `Invalid value ${JSON.stringify(value)} for parameter ${name}: ${expected}`,
  );
}

function missing(name: string): ServiceError {
  return new ServiceError(ServiceCode.PARAMETER_MISSING, `Required parameter ${name} was missing or empty`);
}

function jsonObject(body: unknown, allowed: readonly string[]): Json {
  if (!isRawBody(body) || body.text.trim() === "") throw missing("request body");
  if (body.format !== "json") throw badBody("The /sim API takes JSON bodies (Content-Type: application/json)");
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch (error) {
    throw badBody(`Malformed JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw badBody("Expected a JSON object");
  for (const name of Object.keys(value)) {
    if (!allowed.includes(name)) throw badBody(`Unrecognized field "${name}"`);
  }
  return value as Json;
}

function oneOf<T extends string>(json: Json, name: string, allowed: readonly T[]): T {
  const value = json[name];
  if (value === undefined || value === null || value === "") throw missing(name);
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw invalid(name, value, `one of ${allowed.join(", ")}`);
  return found;
}

function wholeNumber(json: Json, name: string, min: number, max: number): number | undefined {
  const value = json[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(name, value, `a whole number from ${min} to ${max}`);
  }
  return value;
}

/** The bounds of the numbers the bodies take, as checked below (the API documentation shows them). */
export const SIM_LIMITS = {
  count: { min: 1, max: 1_000_000 },
  latency_ms: { min: 0, max: 600_000 },
  speed: { min: 0, max: 1_000_000 },
} as const;

/** The properties a fault body may have; a stall comes alone. */
export const FAULT_FIELDS = ["operation", "count", "message", "retryable", "latency_ms", "stall"] as const;

/** The properties a clock body may have. */
export const CLOCK_FIELDS = ["profile", "speed"] as const;

/**
 * `{"operation": "link", "count": 2, "message": "…", "retryable": true}` — the next 2 links fail;
 * `{"operation": "status", "latency_ms": 500, "count": 3}` — the next 3 (every one without
 * `count`) wait 500 ms first; `{"stall": "copy"}` — copies stop progressing until the faults
 * are deleted.
 */
export function faultRequest(body: unknown): SimFaultRequest {
  const json = jsonObject(body, FAULT_FIELDS);
  if (json.stall !== undefined) {
    if (Object.keys(json).length > 1) throw badBody('"stall" comes alone');
    return { stall: oneOf(json, "stall", SIM_JOBS) };
  }
  const operation = oneOf(json, "operation", SIM_OPERATIONS);
  const latencyMs = wholeNumber(json, "latency_ms", SIM_LIMITS.latency_ms.min, SIM_LIMITS.latency_ms.max);
  if (latencyMs !== undefined) {
    if (json.message !== undefined || json.retryable !== undefined) {
      throw badBody('A latency fault takes "operation", "latency_ms" and "count" only');
    }
    return { operation, latencyMs, count: faultCount(json) ?? null };
  }
  const message = json.message;
  if (typeof message !== "string" || message.trim() === "") throw missing("message");
  const retryable = json.retryable ?? false;
  if (typeof retryable !== "boolean") throw invalid("retryable", retryable, "true or false");
  return { operation, count: faultCount(json) ?? 1, message, retryable };
}

function faultCount(json: Json): number | undefined {
  return wholeNumber(json, "count", SIM_LIMITS.count.min, SIM_LIMITS.count.max);
}

/** `{"speed": 2}`, `{"profile": "instant"}`, or both. */
export function clockRequest(body: unknown): { profile?: string; speed?: number } {
  const json = jsonObject(body, CLOCK_FIELDS);
  const request: { profile?: string; speed?: number } = {};
  if (json.profile !== undefined && json.profile !== null) {
    if (typeof json.profile !== "string") throw invalid("profile", json.profile, "instant, fast or realistic");
    request.profile = json.profile;
  }
  if (json.speed !== undefined && json.speed !== null) {
    const { min, max } = SIM_LIMITS.speed;
    if (typeof json.speed !== "number" || !Number.isFinite(json.speed) || json.speed < min || json.speed > max) {
      throw invalid("speed", json.speed, `a number from ${min} to ${max}`);
    }
    request.speed = json.speed;
  }
  return request;
}

/** A byte offset or length from the query string: a whole number ≥ 0; `fallback` when absent. */
export function byteCount(query: unknown, name: string, fallback?: number): number {
  const raw = (query as Record<string, unknown> | undefined)?.[name];
  if (raw === undefined || raw === "") {
    if (fallback === undefined) throw missing(name);
    return fallback;
  }
  if (typeof raw !== "string" || !/^\d{1,16}$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw invalid(name, raw, "a whole number of bytes");
  }
  return Number(raw);
}
