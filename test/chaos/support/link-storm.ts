import type { ViprClient } from "../../support/e2e/vipr-client.js";

/** A source volume and its snapshot sessions (operations of one session run one at a time). */
export interface Source {
  readonly family: "mock" | "vmax" | "vnxblock";
  readonly volumeId: string;
  readonly sessionIds: readonly string[];
}

/** A consistency group's members and its group sessions: a link to one makes its count of targets at every member. */
export interface GroupSource {
  readonly family: "vnxblock";
  readonly groupId: string;
  readonly memberIds: readonly string[];
  readonly sessionIds: readonly string[];
}

export type LinkSource = Source | GroupSource;

/** The targets a link of `count` prepares: one per member and count for a group session. */
export function targetsAsked(request: LinkRequest): number {
  return "groupId" in request.source ? request.count * request.source.memberIds.length : request.count;
}

export interface LinkRequest {
  readonly source: LinkSource;
  readonly sessionId: string;
  readonly count: number;
  readonly copyMode: "copy" | "nocopy";
  readonly targetName: string;
}

export interface LinkOutcome {
  readonly request: LinkRequest;
  /** The final answer's status (after retrying 503s). */
  readonly status: number;
  /** 202: the task; otherwise undefined. */
  readonly taskId?: string;
  /** The error body's code, for a refusal. */
  readonly code?: number;
  /** 503s answered before the final one. */
  readonly unavailable: number;
}

/** A small deterministic PRNG (mulberry32), so that a run's plan can be reproduced from its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `perSource` requests on each source, over its sessions in turn: counts 1 to 3, copy and nocopy, shuffled. */
export function planRequests(sources: readonly LinkSource[], perSource: (source: LinkSource) => number, seed: number) {
  const next = random(seed);
  const requests: LinkRequest[] = [];
  for (const [s, source] of sources.entries()) {
    for (let i = 0; i < perSource(source); i++) {
      requests.push({
        source,
        sessionId: source.sessionIds[i % source.sessionIds.length] as string,
        count: 1 + Math.floor(next() * 3),
        copyMode: next() < 0.5 ? "copy" : "nocopy",
        targetName: `s${s}r${i}`,
      });
    }
  }
  for (let i = requests.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [requests[i], requests[j]] = [requests[j] as LinkRequest, requests[i] as LinkRequest];
  }
  return requests;
}

const RETRIES_OF_UNAVAILABLE = 6;

/**
 * Sends one link request, as a well-behaved (if impatient) client: a 503 (retryable: the service
 * is overloaded or its database unreachable) or a connection refused is sent again after a pause
 * that doubles each time (0.5 s … 4 s), at most 6 times; after that the last answer stands.
 */
export async function sendLink(client: ViprClient, request: LinkRequest): Promise<LinkOutcome> {
  let unavailable = 0;
  for (;;) {
    let status: number;
    let body: { task?: { id: string }[]; code?: number };
    try {
      ({ status, body } = await client.post(`/block/snapshot-sessions/${request.sessionId}/link-targets`, {
        new_linked_targets: { count: request.count, target_name: request.targetName, copy_mode: request.copyMode },
      }));
    } catch (error) {
      if (unavailable >= RETRIES_OF_UNAVAILABLE) throw error;
      await pause(backoff(unavailable++));
      continue;
    }
    if (status === 503 && unavailable < RETRIES_OF_UNAVAILABLE) {
      await pause(backoff(unavailable++));
      continue;
    }
    return status === 202
      ? { request, status, taskId: body.task?.[0]?.id, unavailable }
      : { request, status, code: body.code, unavailable };
  }
}

function backoff(retry: number): number {
  return Math.min(500 * 2 ** retry, 4_000);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
