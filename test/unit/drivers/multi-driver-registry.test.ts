import { describe, expect, it } from "vitest";
import { MultiDriverRegistry } from "../../../src/application/drivers/multi-driver-registry.js";
import { createMockDriver } from "../../../src/drivers/mock/mock.driver.js";
import { InMemoryArrayStateStore } from "../../../src/drivers/simulation/in-memory-array-state-store.js";
import { SimulationClock } from "../../../src/drivers/simulation/simulation-clock.js";
import { createSnapVxDriver } from "../../../src/drivers/snapvx/snapvx.driver.js";
import { createVnxDriver } from "../../../src/drivers/vnx/vnx.driver.js";

describe("the multi-driver registry", () => {
  const dependencies = { store: new InMemoryArrayStateStore(), clock: new SimulationClock({ profile: "instant" }) };
  const drivers = [createSnapVxDriver(dependencies), createVnxDriver(dependencies), createMockDriver(dependencies)];

  it("finds each family's driver by system_type", () => {
    const registry = new MultiDriverRegistry(drivers);
    expect(registry.systemTypes()).toEqual(["vmax", "vnxblock", "mock"]);
    for (const driver of drivers) expect(registry.forSystemType(driver.systemType)).toBe(driver);
  });

  it("throws a clear error for a system_type no driver serves", () => {
    expect(() => new MultiDriverRegistry(drivers).forSystemType("xtremio")).toThrow(
      "no array driver serves system_type xtremio (known: vmax, vnxblock, mock)",
    );
  });

  it("refuses two drivers for one system_type", () => {
    expect(() => new MultiDriverRegistry([drivers[2]!, createMockDriver(dependencies)])).toThrow(
      "two array drivers serve system_type mock",
    );
  });
});
