import { ContainerModule } from "inversify";
import type { Clock } from "../../application/ports/clock.js";
import { CLOCK } from "../../application/ports/clock.js";
import type { DriverRegistry } from "../../application/ports/driver-registry.js";
import { DRIVER_REGISTRY } from "../../application/ports/driver-registry.js";
import type { UnitOfWork } from "../../application/ports/unit-of-work.js";
import { UNIT_OF_WORK } from "../../application/ports/unit-of-work.js";
import { createStepTable } from "../../application/workflows/workflows.js";
import type { Config } from "../config/config.js";
import type { StepRegistry } from "../queue/step-worker.js";
import { CONFIG, STEP_REGISTRY } from "./infrastructure-tokens.js";

/** Every step of every listed workflow, by the job name that runs it. */
export const workflowStepsModule = new ContainerModule(({ bind }) => {
  bind<StepRegistry>(STEP_REGISTRY)
    .toResolvedValue(
      (unitOfWork: UnitOfWork, drivers: DriverRegistry, clock: Clock, config: Config): StepRegistry =>
        createStepTable({ unitOfWork, drivers, clock, polling: { pollIntervalMs: config.stepPollIntervalMs } }),
      [UNIT_OF_WORK, DRIVER_REGISTRY, CLOCK, CONFIG],
    )
    .inSingletonScope();
});
