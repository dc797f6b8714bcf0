import { ContainerModule } from "inversify";
import type { Clock } from "../../application/ports/clock.js";
import { CLOCK } from "../../application/ports/clock.js";
import type { DriverRegistry } from "../../application/ports/driver-registry.js";
import { DRIVER_REGISTRY } from "../../application/ports/driver-registry.js";
import type { UnitOfWork } from "../../application/ports/unit-of-work.js";
import { UNIT_OF_WORK } from "../../application/ports/unit-of-work.js";
import { EstablishSnapshotStep } from "../../application/workflows/create-snapshot-session/establish-snapshot.step.js";
import { ProvisionVolumeStep } from "../../application/workflows/create-volume/provision-volume.step.js";
import { FinishLinkTargetsStep } from "../../application/workflows/link-targets/finish-link-targets.step.js";
import { LinkTargetStep } from "../../application/workflows/link-targets/link-target.step.js";
import type { Config } from "../config/config.js";
import type { StepRegistry } from "../queue/step-worker.js";
import { CONFIG, STEP_REGISTRY } from "./infrastructure-tokens.js";

/** Every workflow step, by the job name that runs it. */
export const workflowStepsModule = new ContainerModule(({ bind }) => {
  bind<StepRegistry>(STEP_REGISTRY)
    .toResolvedValue(
      (uow: UnitOfWork, drivers: DriverRegistry, clock: Clock, config: Config): StepRegistry => {
        const polling = { pollIntervalMs: config.stepPollIntervalMs };
        return {
          "link-targets.link-target": new LinkTargetStep(uow, drivers, polling),
          "link-targets.finish": new FinishLinkTargetsStep(uow, drivers, clock),
          "create-volume.provision": new ProvisionVolumeStep(uow, drivers, clock),
          "create-snapshot-session.establish": new EstablishSnapshotStep(uow, drivers, clock, polling),
        };
      },
      [UNIT_OF_WORK, DRIVER_REGISTRY, CLOCK, CONFIG],
    )
    .inSingletonScope();
});
