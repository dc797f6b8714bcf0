import type { DataSource } from "typeorm";
import { afterAll, beforeAll } from "vitest";
import { SimulatedSnapVxArray, SNAPVX_FAMILY } from "../../src/drivers/snapvx/simulated-snapvx-array.js";
import { createSnapVxDriver, SnapVxDriver } from "../../src/drivers/snapvx/snapvx.driver.js";
import { SYMMETRIX_MESSAGES } from "../../src/drivers/snapvx/snapvx-array-client.js";
import { DEFAULT_CLIENT_OPTIONS } from "../../src/drivers/snapvx/unisphere/unisphere-array-client.js";
import { startTestUnisphereSurface, type TestUnisphereSurface } from "../support/unisphere/test-unisphere-surface.js";
import { describeArrayDriverContract, randomSerial } from "./array-driver.contract.js";
import { connect } from "./support/postgres-state-store.js";

/*
 * The `vmax` driver reached over Unisphere REST: the driver's Unisphere client against the
 * Unisphere surface of the simulated array, over real HTTPS with the certificate checked, held
 * to the same contract as the driver on the in-process array (snapvx.contract.test.ts).
 */

let dataSource: DataSource;
let surface: TestUnisphereSurface;

beforeAll(async () => {
  dataSource = await connect();
  surface = await startTestUnisphereSurface(dataSource);
});

afterAll(async () => {
  await surface?.close();
  await dataSource?.destroy();
});

describeArrayDriverContract({
  systemType: "vmax",
  createDriver: ({ store, clock, system }) => {
    surface.arrays.add(system, store, clock);
    return createSnapVxDriver({ store, clock }, { ...DEFAULT_CLIENT_OPTIONS, jobPollIntervalMs: 20 });
  },
  // The thousand links of the limit's tests are made on the array in-process; the ones tested go over REST.
  createArrangingDriver: ({ store, clock }) => new SnapVxDriver(new SimulatedSnapVxArray(store, clock)),
  family: SNAPVX_FAMILY,
  // A Symmetrix id: 12 digits.
  newSerial: () => randomSerial("000"),
  get systemSettings() {
    return surface.settings();
  },
  unknownDeviceId: "FFFFF",
  linkLimit: { limit: 1024, settings: {} },
  limitMessage: () => SYMMETRIX_MESSAGES.sessionsExceeded,
  timedSettings: {},
});
