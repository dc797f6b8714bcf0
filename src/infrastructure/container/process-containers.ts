import { Container, type ContainerModule } from "inversify";
import type { Logger } from "pino";
import { CLOCK, systemClock } from "../../application/ports/clock.js";
import type { Config } from "../config/config.js";
import { WorkflowLauncher } from "../queue/workflow-launcher.js";
import { applicationModules } from "./application.module.js";
import { familyModules, simulationModule } from "./drivers.module.js";
import { CONFIG, DATA_SOURCE, LOGGER, QUEUE_BACKEND } from "./infrastructure-tokens.js";
import { persistenceModule } from "./persistence.module.js";
import type { Runtime } from "./runtime.js";
import { workflowStepsModule } from "./workflow-steps.module.js";

const DRIVER_MODULES = [simulationModule, ...familyModules];

function baseContainer(config: Config, logger: Logger, runtime: Runtime, modules: ContainerModule[]): Container {
  const container = new Container();
  container.bind(CONFIG).toConstantValue(config);
  container.bind(LOGGER).toConstantValue(logger);
  container.bind(DATA_SOURCE).toConstantValue(runtime.dataSource);
  container.bind(QUEUE_BACKEND).toConstantValue(runtime.queue);
  container.bind(CLOCK).toConstantValue(systemClock);
  container.bind(WorkflowLauncher).toConstantValue(new WorkflowLauncher(runtime.queue));
  container.load(...modules);
  return container;
}

/** An API process: HTTP, handlers and queries; drivers only for their capabilities. */
export function createApiContainer(config: Config, logger: Logger, runtime: Runtime): Container {
  return baseContainer(config, logger, runtime, [persistenceModule, ...DRIVER_MODULES, ...applicationModules]);
}

/** A worker process: the outbox relay and the workflow steps with every driver family. */
export function createWorkerContainer(config: Config, logger: Logger, runtime: Runtime): Container {
  return baseContainer(config, logger, runtime, [persistenceModule, ...DRIVER_MODULES, workflowStepsModule]);
}

/** `npm start`: API and worker in one process. */
export function createAllInOneContainer(config: Config, logger: Logger, runtime: Runtime): Container {
  return baseContainer(config, logger, runtime, [
    persistenceModule,
    ...DRIVER_MODULES,
    ...applicationModules,
    workflowStepsModule,
  ]);
}
