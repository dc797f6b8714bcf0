import { ContainerModule } from "inversify";
import type { Clock } from "../../application/ports/clock.js";
import { CLOCK } from "../../application/ports/clock.js";
import type { DriverRegistry } from "../../application/ports/driver-registry.js";
import { DRIVER_REGISTRY } from "../../application/ports/driver-registry.js";
import type { UnitOfWork } from "../../application/ports/unit-of-work.js";
import { UNIT_OF_WORK } from "../../application/ports/unit-of-work.js";
import { EstablishSnapshotStep } from "../../application/workflows/create-snapshot-session/establish-snapshot.step.js";
import { ProvisionVolumeStep } from "../../application/workflows/create-volume/provision-volume.step.js";
import { TerminateSnapshotStep } from "../../application/workflows/deactivate-snapshot-session/terminate-snapshot.step.js";
import { DeleteVolumeStep } from "../../application/workflows/deactivate-volume/delete-volume.step.js";
import { FinishLinkTargetsStep } from "../../application/workflows/link-targets/finish-link-targets.step.js";
import { LinkTargetStep } from "../../application/workflows/link-targets/link-target.step.js";
import { LinkTargetsStep } from "../../application/workflows/link-targets/link-targets.step.js";
import { RelinkTargetsStep } from "../../application/workflows/relink-targets/relink-targets.step.js";
import { RestoreFromTargetStep } from "../../application/workflows/restore-from-linked-target/restore-from-target.step.js";
import { RestoreSnapshotStep } from "../../application/workflows/restore-snapshot-session/restore-snapshot.step.js";
import { UnlinkTargetsStep } from "../../application/workflows/unlink-targets/unlink-targets.step.js";
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
          "link-targets.link": new LinkTargetsStep(uow, drivers, clock, polling),
          "link-targets.link-target": new LinkTargetStep(uow, drivers, polling),
          "link-targets.finish": new FinishLinkTargetsStep(uow, drivers, clock),
          "create-volume.provision": new ProvisionVolumeStep(uow, drivers, clock),
          "create-snapshot-session.establish": new EstablishSnapshotStep(uow, drivers, clock, polling),
          "create-snapshot-session.finish": new FinishLinkTargetsStep(uow, drivers, clock),
          "unlink-targets.unlink": new UnlinkTargetsStep(uow, drivers, clock, polling),
          "relink-targets.relink": new RelinkTargetsStep(uow, drivers, clock, polling),
          "restore-snapshot-session.restore": new RestoreSnapshotStep(uow, drivers, clock, polling),
          "restore-from-linked-target.restore": new RestoreFromTargetStep(uow, drivers, clock, polling),
          "deactivate-snapshot-session.terminate": new TerminateSnapshotStep(uow, drivers, clock),
          "deactivate-volume.delete": new DeleteVolumeStep(uow, drivers, clock),
        };
      },
      [UNIT_OF_WORK, DRIVER_REGISTRY, CLOCK, CONFIG],
    )
    .inSingletonScope();
});
