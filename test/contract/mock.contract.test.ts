import { createMockDriver, MOCK_MESSAGES } from "../../src/drivers/mock/mock.driver.js";
import { describeArrayDriverContract, randomSerial } from "./array-driver.contract.js";

describeArrayDriverContract({
  systemType: "mock",
  createDriver: createMockDriver,
  newSerial: () => randomSerial("MOCK"),
  unknownDeviceId: "mock-999999",
  linkLimit: { limit: 4, settings: { maxLinkedTargetsPerSource: 4 } },
  limitMessage: (source, limit) => MOCK_MESSAGES.linkLimit(source, limit),
  copyTakesTime: false,
});
