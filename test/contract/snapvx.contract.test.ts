import { SNAPVX_FAMILY } from "../../src/drivers/snapvx/simulated-snapvx-array.js";
import { createSnapVxDriver } from "../../src/drivers/snapvx/snapvx.driver.js";
import { SYMMETRIX_MESSAGES } from "../../src/drivers/snapvx/snapvx-array-client.js";
import { describeArrayDriverContract, randomSerial } from "./array-driver.contract.js";

describeArrayDriverContract({
  systemType: "vmax",
  createDriver: createSnapVxDriver,
  family: SNAPVX_FAMILY,
  newSerial: () => randomSerial("000197"),
  unknownDeviceId: "FFFFF",
  // SnapVX's limit is fixed: 1024 linked targets per source.
  linkLimit: { limit: 1024, settings: {} },
  limitMessage: () => SYMMETRIX_MESSAGES.sessionsExceeded,
  timedSettings: {},
});
