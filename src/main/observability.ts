import type { Container } from "inversify";
import type { Logger } from "pino";
import type { DataSource } from "typeorm";
import { DATA_SOURCE, QUEUE_BACKEND } from "../infrastructure/container/infrastructure-tokens.js";
import type { ObservabilityDependencies } from "../infrastructure/http/observability-dependencies.js";
import { ApiMetrics } from "../infrastructure/observability/metrics.js";
import { checkReadiness } from "../infrastructure/observability/readiness.js";
import { RecordedFigures } from "../infrastructure/persistence/recorded-figures.js";
import type { QueueBackend } from "../infrastructure/queue/queue-backend.js";

/** `/metrics`, `/health/ready` and the queue dashboard of an API process, over its database and queue backend. */
export function observabilityOf(container: Container, logger: Logger): ObservabilityDependencies {
  const figures = new RecordedFigures(container.get<DataSource>(DATA_SOURCE));
  const queue = container.get<QueueBackend>(QUEUE_BACKEND);
  const metrics = new ApiMetrics({ figures, queueBackend: queue, logger });
  const dependencies = [
    { name: "database", ping: () => figures.ping() },
    { name: `queue backend (${queue.kind})`, ping: () => queue.ping() },
  ];
  return {
    metrics: {
      contentType: metrics.contentType,
      render: () => metrics.render(),
      observeRequest: (method, route, status, seconds) => metrics.observeRequest(method, route, status, seconds),
    },
    readiness: () => checkReadiness(dependencies),
    queues: queue.queues,
  };
}
