/**
 * The one clock every simulated array runs on. Work that takes time on a real array (defining
 * a link, copying its tracks, migrating a LUN) is recorded with its start time and a duration
 * computed here; its progress is derived from the elapsed time whenever someone looks, so an
 * idle array costs nothing (no ticking loop, no timers).
 */

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const MB = 1000 ** 2;

export type ClockProfileName = "instant" | "fast" | "realistic";

/** VNX LUN migration rates, as `naviseccli migrate -start -rate` names them. */
export type MigrationRate = "low" | "medium" | "high" | "asap";

export const MIGRATION_RATES: readonly MigrationRate[] = ["low", "medium", "high", "asap"];

/** Bytes per second of one link or migration; `Infinity` finishes at once. */
export interface ClockRates {
  /** Background copy of a copy-mode link (SnapVX), per link. */
  readonly copyBytesPerSecond: number;
  /** The define pass that resolves a new link's track pointers. */
  readonly defineBytesPerSecond: number;
  readonly migrationBytesPerSecond: Readonly<Record<MigrationRate, number>>;
}

const FAST_COPY = GiB / 5;

export const CLOCK_PROFILES: Readonly<Record<ClockProfileName, ClockRates>> = {
  /** Every job finishes the moment it starts: for fast test suites. */
  instant: {
    copyBytesPerSecond: Number.POSITIVE_INFINITY,
    defineBytesPerSecond: Number.POSITIVE_INFINITY,
    migrationBytesPerSecond: {
      low: Number.POSITIVE_INFINITY,
      medium: Number.POSITIVE_INFINITY,
      high: Number.POSITIVE_INFINITY,
      asap: Number.POSITIVE_INFINITY,
    },
  },
  /** The default: a 1 GiB copy (and a 1 GiB migration at `high`) takes about 5 s. */
  fast: {
    copyBytesPerSecond: FAST_COPY,
    defineBytesPerSecond: FAST_COPY * 10,
    migrationBytesPerSecond: { low: FAST_COPY / 32, medium: FAST_COPY / 4, high: FAST_COPY, asap: FAST_COPY * 2 },
  },
  /** Real-world orders of magnitude: ~100 MiB/s per link, a define pass of seconds, VNX migration rates. */
  realistic: {
    copyBytesPerSecond: 100 * MiB,
    defineBytesPerSecond: GiB,
    migrationBytesPerSecond: { low: 1.4 * MB, medium: 13 * MB, high: 44 * MB, asap: 85 * MB },
  },
};

export interface SimulationClockOptions {
  /** Defaults to `fast`. */
  readonly profile?: ClockProfileName;
  /** Multiplies every rate; 0 makes every job finish at once (like `instant`). Defaults to 1. */
  readonly speed?: number;
  /** Epoch milliseconds; defaults to `Date.now`. Tests pass a controllable source. */
  readonly now?: () => number;
}

export class SimulationClock {
  private profileName: ClockProfileName;
  private speedFactor: number;
  private readonly source: () => number;

  constructor(options: SimulationClockOptions = {}) {
    this.profileName = options.profile ?? "fast";
    this.speedFactor = checkedSpeed(options.speed ?? 1);
    this.source = options.now ?? Date.now;
  }

  now(): number {
    return this.source();
  }

  get profile(): ClockProfileName {
    return this.profileName;
  }

  get speed(): number {
    return this.speedFactor;
  }

  /** Applies to jobs started from now on; jobs already running keep the duration they started with. */
  useProfile(profile: ClockProfileName): void {
    this.profileName = profile;
  }

  /** See {@link SimulationClockOptions.speed}. */
  setSpeed(speed: number): void {
    this.speedFactor = checkedSpeed(speed);
  }

  copyDurationMs(bytes: number): number {
    return this.durationMs(bytes, CLOCK_PROFILES[this.profileName].copyBytesPerSecond);
  }

  defineDurationMs(bytes: number): number {
    return this.durationMs(bytes, CLOCK_PROFILES[this.profileName].defineBytesPerSecond);
  }

  migrationDurationMs(bytes: number, rate: MigrationRate): number {
    return this.durationMs(bytes, CLOCK_PROFILES[this.profileName].migrationBytesPerSecond[rate]);
  }

  private durationMs(bytes: number, bytesPerSecond: number): number {
    if (this.speedFactor === 0 || bytes <= 0) return 0;
    return Math.ceil((bytes / (bytesPerSecond * this.speedFactor)) * 1000);
  }
}

/** How far a pass that started at `startedAt` and lasts `durationMs` is at `at`: 0 to 1. */
export function passFraction(startedAt: number, durationMs: number, at: number): number {
  if (durationMs <= 0) return 1;
  return Math.min(1, Math.max(0, (at - startedAt) / durationMs));
}

function checkedSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed < 0)
    throw new RangeError(`clock speed must be a finite number ≥ 0, not ${speed}`);
  return speed;
}

/** Token of the one simulation clock of a process. */
export const SIMULATION_CLOCK = Symbol("SimulationClock");
