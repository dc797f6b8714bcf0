import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/infrastructure/config/config.js";
import { stepWorkerOptions } from "../../../src/infrastructure/queue/job-options.js";

describe("COPRSIM_STEP_LOCK_MS", () => {
  const lockMs = (value: string) => loadConfig({ COPRSIM_STEP_LOCK_MS: value }).stepLockMs;

  it("absent or empty: a step's lock lasts 10 s", () => {
    expect(loadConfig({}).stepLockMs).toBe(10_000);
    expect(lockMs("")).toBe(10_000);
  });

  it("reads a whole number of milliseconds from 1000 to 600000", () => {
    expect(lockMs("1000")).toBe(1_000);
    expect(lockMs("600000")).toBe(600_000);
  });

  it.each(["999", "600001", "0", "1.5", "-2000", "soon"])("refuses %s, naming the variable", (value) => {
    expect(() => lockMs(value)).toThrow(ConfigError);
    expect(() => lockMs(value)).toThrow(/COPRSIM_STEP_LOCK_MS/);
  });

  it("a worker looks for steps whose holder died at half the lock's duration (BullMQ renews at half too)", () => {
    expect(stepWorkerOptions(10_000)).toMatchObject({ lockDuration: 10_000, stalledInterval: 5_000 });
    expect(stepWorkerOptions(1_000)).toMatchObject({ lockDuration: 1_000, stalledInterval: 500 });
  });
});
