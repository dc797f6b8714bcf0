import { InitialSchema1795795200000 } from "./1795795200000-initial-schema.migration.js";
import { WorkflowRuns1795881600000 } from "./1795881600000-workflow-runs.migration.js";
import { SessionOperations1795968000000 } from "./1795968000000-session-operations.migration.js";
import { Tenancy1796054400000 } from "./1796054400000-tenancy.migration.js";
import { Observability1796227200000 } from "./1796227200000-observability.migration.js";
import { TaskMessages1796313600000 } from "./1796313600000-task-messages.migration.js";
import { OutboxDueAt1796400000000 } from "./1796400000000-outbox-due-at.migration.js";
import { ConsistencyGroups1796486400000 } from "./1796486400000-consistency-groups.migration.js";
import { GroupSnapshotSessions1796572800000 } from "./1796572800000-group-snapshot-sessions.migration.js";

/** Every migration, oldest first. Append new ones; never edit one that has shipped. */
export const allMigrations = [
  InitialSchema1795795200000,
  WorkflowRuns1795881600000,
  SessionOperations1795968000000,
  Tenancy1796054400000,
  Observability1796227200000,
  TaskMessages1796313600000,
  OutboxDueAt1796400000000,
  ConsistencyGroups1796486400000,
  GroupSnapshotSessions1796572800000,
];
