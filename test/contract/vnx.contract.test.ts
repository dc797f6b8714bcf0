import { createVnxDriver } from "../../src/drivers/vnx/vnx.driver.js";
import { VNX_MESSAGES } from "../../src/drivers/vnx/vnx-array-client.js";
import { describeArrayDriverContract, randomSerial } from "./array-driver.contract.js";

describeArrayDriverContract({
  systemType: "vnxblock",
  createDriver: createVnxDriver,
  newSerial: () => randomSerial("APM"),
  unknownDeviceId: "999999",
  linkLimit: { limit: 4, settings: { maxSnapshotMountPointsPerSource: 4 } },
  limitMessage: (source, limit) => VNX_MESSAGES.smpLimit(source, limit),
  copyTakesTime: true,
});
