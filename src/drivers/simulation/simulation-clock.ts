import type { SimClockSetting } from "./array-state-store.js";

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

/** LUN migration rates, as the array's command line names them (docs/arrays.md). */
export type MigrationRate = "low" | "medium" | "high" | "asap";

export const MIGRATION_RATES: readonly MigrationRate[] = ["low", "medium", "high", "asap"];

/** Bytes per second of one link or migration; `Infinity` finishes at once. */
export interface ClockRates {
  /** Background copy of a copy-mode link, per link. */
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
  /** Real-world orders of magnitude: ~100 MiB/s per link, a define pass of seconds, LUN migration rates. */
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

/** A tick of the fixed-tick timing (copies that take a set number of ticks), at speed 1. */
export const TICK_MS = 100;

/** The rates jobs started now run at: a profile and a speed. */
export class JobTiming {
  constructor(
    readonly profile: ClockProfileName,
    readonly speed: number,
  ) {}

  copyDurationMs(bytes: number): number {
    return this.durationMs(bytes, CLOCK_PROFILES[this.profile].copyBytesPerSecond);
  }

  defineDurationMs(bytes: number): number {
    return this.durationMs(bytes, CLOCK_PROFILES[this.profile].defineBytesPerSecond);
  }

  migrationDurationMs(bytes: number, rate: MigrationRate): number {
    return this.durationMs(bytes, CLOCK_PROFILES[this.profile].migrationBytesPerSecond[rate]);
  }

  /** `ticks` clock ticks ({@link TICK_MS} each at speed 1); none on the `instant` profile or at speed 0. */
  ticksMs(ticks: number): number {
    if (this.profile === "instant" || this.speed === 0 || ticks <= 0) return 0;
    return Math.ceil((ticks * TICK_MS) / this.speed);
  }

  private durationMs(bytes: number, bytesPerSecond: number): number {
    if (this.speed === 0 || bytes <= 0) return 0;
    return Math.ceil((bytes / (bytesPerSecond * this.speed)) * 1000);
  }
}

/** Where the shared clock setting (made through `/sim/clock`) is read: the array's transaction. */
export interface ClockSettingSource {
  clockSetting(): Promise<SimClockSetting | null>;
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

  /** This process's default profile (COPRSIM_CLOCK), used where no shared setting was made. */
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

  /** The timing of this process's defaults. */
  get defaults(): JobTiming {
    return new JobTiming(this.profileName, this.speedFactor);
  }

  /**
   * The timing of jobs started now: the shared setting where it says something, this process's
   * defaults elsewhere. Read in the array's transaction, so every worker starts jobs alike.
   */
  async timing(source: ClockSettingSource): Promise<JobTiming> {
    return this.timingOf(await source.clockSetting());
  }

  timingOf(setting: SimClockSetting | null): JobTiming {
    const profile = isClockProfile(setting?.profile) ? setting.profile : this.profileName;
    const speed = setting?.speed ?? (setting?.profile ? 1 : this.speedFactor);
    return new JobTiming(profile, speed);
  }

  copyDurationMs(bytes: number): number {
    return this.defaults.copyDurationMs(bytes);
  }

  defineDurationMs(bytes: number): number {
    return this.defaults.defineDurationMs(bytes);
  }

  migrationDurationMs(bytes: number, rate: MigrationRate): number {
    return this.defaults.migrationDurationMs(bytes, rate);
  }
}

export const CLOCK_PROFILE_NAMES: readonly ClockProfileName[] = ["instant", "fast", "realistic"];

export function isClockProfile(value: unknown): value is ClockProfileName {
  return typeof value === "string" && (CLOCK_PROFILE_NAMES as readonly string[]).includes(value);
}

/** How far a pass that started at `startedAt` and lasts `durationMs` is at `at`: 0 to 1. */
export function passFraction(startedAt: number, durationMs: number, at: number): number {
  if (durationMs <= 0) return 1;
  return Math.min(1, Math.max(0, (at - startedAt) / durationMs));
}

export function checkedSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed < 0)
    throw new RangeError(`clock speed must be a finite number ≥ 0, not ${speed}`);
  return speed;
}

/** Token of the one simulation clock of a process. */
export const SIMULATION_CLOCK = Symbol("SimulationClock");
