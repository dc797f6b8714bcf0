import { VNX_FAMILY } from "../../src/drivers/vnx/simulated-vnx-array.js";
import { createVnxDriver } from "../../src/drivers/vnx/vnx.driver.js";
import { VNX_MESSAGES } from "../../src/drivers/vnx/vnx-array-client.js";
import { describeArrayDriverContract, randomSerial } from "./array-driver.contract.js";

describeArrayDriverContract({
  systemType: "vnxblock",
  createDriver: createVnxDriver,
  family: VNX_FAMILY,
  newSerial: () => randomSerial("APM"),
  unknownDeviceId: "999999",
  linkLimit: { limit: 4, settings: { maxSnapshotMountPointsPerSource: 4 } },
  limitMessage: (source, limit) => VNX_MESSAGES.smpLimit(source, limit),
  // A copy link is a LUN migration, at the default `high` rate: 1 GiB in about 5 s on the fast clock.
  timedSettings: {},
});
