import { describe, expect, it } from "vitest";
import type { SimLink } from "../../../src/drivers/simulation/array-state-store.js";
import { resumedStart } from "../../../src/drivers/simulation/fault-plan.js";
import { linkProgress, tracksOf } from "../../../src/drivers/simulation/link-progress.js";
import { JobTiming, passFraction, SimulationClock } from "../../../src/drivers/simulation/simulation-clock.js";

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

describe("the simulation clock", () => {
  it("runs on the `fast` profile at speed 1 unless told otherwise", () => {
    const clock = new SimulationClock();
    expect(clock.profile).toBe("fast");
    expect(clock.speed).toBe(1);
  });

  it("finishes every job at once on the `instant` profile", () => {
    const clock = new SimulationClock({ profile: "instant" });
    expect(clock.copyDurationMs(1024 * GiB)).toBe(0);
    expect(clock.defineDurationMs(1024 * GiB)).toBe(0);
    expect(clock.migrationDurationMs(1024 * GiB, "low")).toBe(0);
  });

  it("copies 1 GiB in about 5 s on the `fast` profile, and defines it faster than it copies", () => {
    const clock = new SimulationClock({ profile: "fast" });
    expect(clock.copyDurationMs(GiB)).toBe(5_000);
    expect(clock.defineDurationMs(GiB)).toBeLessThan(clock.copyDurationMs(GiB));
    expect(clock.migrationDurationMs(GiB, "high")).toBe(5_000);
  });

  it("uses real-world magnitudes on the `realistic` profile: ~100 MiB/s per link, a define pass of seconds", () => {
    const clock = new SimulationClock({ profile: "realistic" });
    expect(clock.copyDurationMs(100 * MiB)).toBe(1_000);
    expect(clock.defineDurationMs(10 * GiB)).toBeGreaterThanOrEqual(1_000);
    expect(clock.defineDurationMs(10 * GiB)).toBeLessThan(60_000);
    // VNX migration at `high` is 44 MB/s: 1 GiB in about 24 s.
    expect(clock.migrationDurationMs(GiB, "high")).toBe(Math.ceil((GiB / 44e6) * 1000));
  });

  it("orders the migration rates low < medium < high < asap on every timed profile", () => {
    for (const profile of ["fast", "realistic"] as const) {
      const clock = new SimulationClock({ profile });
      const [low, medium, high, asap] = (["low", "medium", "high", "asap"] as const).map((rate) =>
        clock.migrationDurationMs(GiB, rate),
      );
      expect(low).toBeGreaterThan(medium ?? 0);
      expect(medium).toBeGreaterThan(high ?? 0);
      expect(high).toBeGreaterThan(asap ?? 0);
    }
  });

  it("scales durations by its speed; speed 0 finishes at once", () => {
    const clock = new SimulationClock({ profile: "fast", speed: 2 });
    expect(clock.copyDurationMs(GiB)).toBe(2_500);
    clock.setSpeed(0);
    expect(clock.copyDurationMs(GiB)).toBe(0);
    expect(() => clock.setSpeed(-1)).toThrow(RangeError);
    expect(() => new SimulationClock({ speed: Number.NaN })).toThrow(RangeError);
  });

  it("switches profile for the jobs that start afterwards", () => {
    const clock = new SimulationClock({ profile: "fast" });
    clock.useProfile("instant");
    expect(clock.profile).toBe("instant");
    expect(clock.copyDurationMs(GiB)).toBe(0);
  });

  it("reads time from the injected source", () => {
    let at = 1_000;
    const clock = new SimulationClock({ now: () => at });
    expect(clock.now()).toBe(1_000);
    at = 2_000;
    expect(clock.now()).toBe(2_000);
  });
});

describe("progress derived from elapsed time", () => {
  it("is the elapsed share of the pass, clamped to 0..1; a pass of no duration is done", () => {
    expect(passFraction(1_000, 4_000, 500)).toBe(0);
    expect(passFraction(1_000, 4_000, 2_000)).toBe(0.25);
    expect(passFraction(1_000, 4_000, 9_000)).toBe(1);
    expect(passFraction(1_000, 0, 1_000)).toBe(1);
  });

  const copyLink = (tracks: number, durationMs: number): SimLink => ({
    targetNativeId: "00101",
    snapId: 1,
    sourceNativeId: "00100",
    copyMode: "copy",
    startedAt: 0,
    tracks,
    copyTracks: tracks,
    defineDurationMs: durationMs / 10,
    copyStartedAt: 0,
    copyDurationMs: durationMs,
    copyDestinationNativeId: null,
  });

  it("reports whole percent of 128 KiB tracks, reaching 100 only when every track is copied", () => {
    expect(tracksOf(GiB)).toBe(8192);
    expect(tracksOf(GiB + 1)).toBe(8193);
    const link = copyLink(8192, 5_000);
    expect(linkProgress(link, 0)).toEqual({ defined: false, copiedTracks: 0, percentCopied: 0, copied: false });
    expect(linkProgress(link, 2_500)).toEqual({ defined: true, copiedTracks: 4096, percentCopied: 50, copied: false });
    expect(linkProgress(link, 4_999).percentCopied).toBe(99);
    expect(linkProgress(link, 5_000)).toEqual({ defined: true, copiedTracks: 8192, percentCopied: 100, copied: true });
  });

  it("reports no copy for a nocopy link, only its define pass", () => {
    const link: SimLink = { ...copyLink(8192, 5_000), copyMode: "nocopy", copyStartedAt: null, copyDurationMs: 0 };
    expect(linkProgress(link, 100)).toEqual({ defined: false, copiedTracks: 0, percentCopied: 0, copied: false });
    expect(linkProgress(link, 500)).toMatchObject({ defined: true, copied: false });
  });

  it("counts the tracks a relink's copy pass does not copy as copied from the start", () => {
    const link: SimLink = { ...copyLink(100, 1_000), copyTracks: 10 };
    expect(linkProgress(link, 0)).toMatchObject({ copiedTracks: 90, percentCopied: 90, copied: false });
    expect(linkProgress(link, 500)).toMatchObject({ copiedTracks: 95, percentCopied: 95 });
    expect(linkProgress(link, 1_000)).toMatchObject({ copiedTracks: 100, percentCopied: 100, copied: true });
  });

  it("freezes a stalled pass where it stood when the stall began; one started during the stall has not begun", () => {
    const link = copyLink(8192, 5_000);
    const stalled = new Map([["copy", 2_500] as const]);
    expect(linkProgress(link, 4_000, stalled)).toMatchObject({ percentCopied: 50, copied: false });
    expect(linkProgress(link, 60_000, stalled)).toMatchObject({ percentCopied: 50, copied: false });
    const instant: SimLink = { ...copyLink(8192, 0), startedAt: 3_000, copyStartedAt: 3_000 };
    expect(linkProgress(instant, 3_000, stalled)).toMatchObject({ copied: false, percentCopied: 0 });
    expect(linkProgress(instant, 3_000)).toMatchObject({ copied: true });
  });

  it("resumes a stalled pass where it stopped, by moving its start by the time it stood still", () => {
    expect(resumedStart(0, 5_000, 2_500, 10_000)).toBe(7_500);
    expect(resumedStart(3_000, 0, 2_500, 10_000)).toBe(10_000);
    expect(resumedStart(0, 1_000, 2_500, 10_000)).toBe(0);
  });
});

describe("the shared clock setting", () => {
  const clock = new SimulationClock({ profile: "fast" });

  it("falls back to the process's default where nothing was set", () => {
    expect(clock.timingOf(null)).toMatchObject({ profile: "fast", speed: 1 });
    expect(clock.timingOf({ profile: null, speed: 4 })).toMatchObject({ profile: "fast", speed: 4 });
  });

  it("takes a named profile at speed 1 unless a speed comes with it", () => {
    expect(clock.timingOf({ profile: "realistic", speed: null })).toMatchObject({ profile: "realistic", speed: 1 });
    expect(clock.timingOf({ profile: "instant", speed: 2 }).copyDurationMs(GiB)).toBe(0);
  });

  it("runs the mock's ticks at 100 ms each at speed 1, none on the instant profile or at speed 0", () => {
    expect(new JobTiming("fast", 1).ticksMs(3)).toBe(300);
    expect(new JobTiming("realistic", 2).ticksMs(3)).toBe(150);
    expect(new JobTiming("instant", 1).ticksMs(3)).toBe(0);
    expect(new JobTiming("fast", 0).ticksMs(3)).toBe(0);
  });
});
