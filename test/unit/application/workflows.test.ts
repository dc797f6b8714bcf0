import { describe, expect, it } from "vitest";
import type { Clock } from "../../../src/application/ports/clock.js";
import type { DriverRegistry } from "../../../src/application/ports/driver-registry.js";
import type { UnitOfWork } from "../../../src/application/ports/unit-of-work.js";
import type { WorkflowStart } from "../../../src/application/ports/workflow-outbox.js";
import { EstablishSnapshotStep } from "../../../src/application/workflows/create-snapshot-session/establish-snapshot.step.js";
import { ProvisionVolumeStep } from "../../../src/application/workflows/create-volume/provision-volume.step.js";
import { TerminateSnapshotStep } from "../../../src/application/workflows/deactivate-snapshot-session/terminate-snapshot.step.js";
import { DeleteVolumeStep } from "../../../src/application/workflows/deactivate-volume/delete-volume.step.js";
import { FinishLinkTargetsStep } from "../../../src/application/workflows/link-targets/finish-link-targets.step.js";
import { LinkTargetStep } from "../../../src/application/workflows/link-targets/link-target.step.js";
import { LinkTargetsStep } from "../../../src/application/workflows/link-targets/link-targets.step.js";
import { RelinkTargetsStep } from "../../../src/application/workflows/relink-targets/relink-targets.step.js";
import { RestoreFromTargetStep } from "../../../src/application/workflows/restore-from-linked-target/restore-from-target.step.js";
import { RestoreSnapshotStep } from "../../../src/application/workflows/restore-snapshot-session/restore-snapshot.step.js";
import { UnlinkTargetsStep } from "../../../src/application/workflows/unlink-targets/unlink-targets.step.js";
import type { StepServices, WorkflowPlan } from "../../../src/application/workflows/workflow-definition.js";
import {
  createStepTable,
  declaredSteps,
  JOB_NAMES,
  planWorkflow,
  WORKFLOWS,
} from "../../../src/application/workflows/workflows.js";

/** Steps only keep their services when made; none is called here. */
const services: StepServices = {
  unitOfWork: {} as UnitOfWork,
  drivers: {} as DriverRegistry,
  clock: { now: () => 0 } as Clock,
  polling: { pollIntervalMs: 5 },
};

/**
 * Every job name a worker must run, with the step that runs it. Jobs already in a queue carry
 * these names, the legacy ones included (queued by earlier versions, never planned now): a
 * renamed or dropped step would leave them without a step.
 */
const JOBS_AND_STEPS = {
  "link-targets.link": LinkTargetsStep,
  "link-targets.link-target": LinkTargetStep,
  "link-targets.finish": FinishLinkTargetsStep,
  "create-volume.provision": ProvisionVolumeStep,
  "create-snapshot-session.establish": EstablishSnapshotStep,
  "create-snapshot-session.finish": FinishLinkTargetsStep,
  "unlink-targets.unlink": UnlinkTargetsStep,
  "relink-targets.relink": RelinkTargetsStep,
  "restore-snapshot-session.restore": RestoreSnapshotStep,
  "restore-from-linked-target.restore": RestoreFromTargetStep,
  "deactivate-snapshot-session.terminate": TerminateSnapshotStep,
  "deactivate-volume.delete": DeleteVolumeStep,
} as const;

const LEGACY_JOBS = ["link-targets.link-target", "link-targets.finish", "create-snapshot-session.finish"];

const unlinkTargets = [{ targetId: "t1", deleteTarget: true, volumeId: "v9" }];

/**
 * One start of each workflow and the plan it must become: the names, payloads and keys of jobs
 * that earlier versions queued, so that a relayed start adds no second job.
 */
const STARTS_AND_PLANS: readonly { start: WorkflowStart; plan: WorkflowPlan }[] = [
  {
    start: { workflow: "link-targets", taskId: "k", sessionId: "s", targetIds: ["t1", "t2"] },
    plan: { parallel: [{ name: "link-targets.link", payload: { taskId: "k", sessionId: "s" }, key: "k:link" }] },
  },
  {
    start: { workflow: "create-volume", taskId: "k", volumeId: "v" },
    plan: {
      parallel: [{ name: "create-volume.provision", payload: { taskId: "k", volumeId: "v" }, key: "k:provision" }],
    },
  },
  {
    start: { workflow: "create-snapshot-session", taskId: "k", sessionId: "s", volumeTaskId: "vk" },
    plan: {
      parallel: [
        {
          name: "create-snapshot-session.establish",
          payload: { taskId: "k", sessionId: "s", volumeTaskId: "vk" },
          key: "k:establish",
        },
      ],
    },
  },
  {
    start: { workflow: "create-snapshot-session", taskId: "k", sessionId: "s", volumeTaskId: "vk", targetIds: ["t"] },
    plan: {
      parallel: [
        {
          name: "create-snapshot-session.establish",
          payload: { taskId: "k", sessionId: "s", volumeTaskId: "vk", withTargets: true },
          key: "k:establish",
        },
        { name: "link-targets.link", payload: { taskId: "k", sessionId: "s", volumeTaskId: "vk" }, key: "k:link" },
      ],
    },
  },
  {
    start: { workflow: "unlink-targets", taskId: "k", sessionId: "s", targets: unlinkTargets },
    plan: {
      parallel: [
        {
          name: "unlink-targets.unlink",
          payload: { taskId: "k", sessionId: "s", targets: unlinkTargets },
          key: "k:unlink",
        },
      ],
    },
  },
  {
    start: { workflow: "relink-targets", taskId: "k", sessionId: "s", targetIds: ["t"] },
    plan: {
      parallel: [
        { name: "relink-targets.relink", payload: { taskId: "k", sessionId: "s", targetIds: ["t"] }, key: "k:relink" },
      ],
    },
  },
  {
    start: { workflow: "restore-snapshot-session", taskId: "k", sessionId: "s" },
    plan: {
      parallel: [
        { name: "restore-snapshot-session.restore", payload: { taskId: "k", sessionId: "s" }, key: "k:restore" },
      ],
    },
  },
  {
    start: { workflow: "restore-from-linked-target", taskId: "k", sessionId: "s", targetId: "t" },
    plan: {
      parallel: [
        {
          name: "restore-from-linked-target.restore",
          payload: { taskId: "k", sessionId: "s", targetId: "t" },
          key: "k:restore",
        },
      ],
    },
  },
  {
    // A group session's target: its set rides in the job's payload.
    start: {
      workflow: "restore-from-linked-target",
      taskId: "k",
      sessionId: "s",
      targetId: "t",
      targetIds: ["u", "t"],
    },
    plan: {
      parallel: [
        {
          name: "restore-from-linked-target.restore",
          payload: { taskId: "k", sessionId: "s", targetId: "t", targetIds: ["u", "t"] },
          key: "k:restore",
        },
      ],
    },
  },
  {
    start: { workflow: "deactivate-snapshot-session", taskId: "k", sessionId: "s" },
    plan: {
      parallel: [
        { name: "deactivate-snapshot-session.terminate", payload: { taskId: "k", sessionId: "s" }, key: "k:terminate" },
      ],
    },
  },
  {
    start: { workflow: "deactivate-volume", taskId: "k", volumeId: "v" },
    plan: {
      parallel: [{ name: "deactivate-volume.delete", payload: { taskId: "k", volumeId: "v" }, key: "k:delete" }],
    },
  },
];

describe("the list of workflows", () => {
  it("names each workflow by the name its definition carries", () => {
    for (const [name, workflow] of Object.entries(WORKFLOWS)) expect(workflow.name).toBe(name);
  });

  it("declares every job a worker runs, under its name, and no other", () => {
    expect([...JOB_NAMES].sort()).toEqual(Object.keys(JOBS_AND_STEPS).sort());
    expect(new Set(JOB_NAMES).size).toBe(JOB_NAMES.length);
  });

  it("makes the workers' table from the declared steps: each job's step, and only those", () => {
    const table = createStepTable(services);
    expect(Object.keys(table).sort()).toEqual([...JOB_NAMES].sort());
    for (const [name, stepClass] of Object.entries(JOBS_AND_STEPS)) {
      expect(table[name as keyof typeof table], name).toBeInstanceOf(stepClass);
    }
  });

  it("marks the steps that only earlier versions queued as legacy, and only those", () => {
    const legacy = declaredSteps()
      .filter(({ step }) => step.legacy)
      .map(({ name }) => name);
    expect(legacy.sort()).toEqual([...LEGACY_JOBS].sort());
  });

  it("plans each start into the jobs, payloads and keys earlier versions queued", () => {
    expect(new Set(STARTS_AND_PLANS.map(({ start }) => start.workflow))).toEqual(new Set(Object.keys(WORKFLOWS)));
    for (const { start, plan } of STARTS_AND_PLANS) expect(planWorkflow(start), start.workflow).toEqual(plan);
  });

  it("plans only jobs the workers' table runs, and never a legacy one", () => {
    const table = createStepTable(services);
    for (const { start } of STARTS_AND_PLANS) {
      const { parallel, settle } = planWorkflow(start);
      for (const job of settle ? [...parallel, settle] : parallel) {
        expect(table[job.name], job.name).toBeDefined();
        expect(LEGACY_JOBS, job.name).not.toContain(job.name);
      }
    }
  });

  it("refuses a start of a workflow it does not have", () => {
    const start = { workflow: "create-consistency-group", taskId: "k" } as unknown as WorkflowStart;
    expect(() => planWorkflow(start)).toThrow("no workflow is named create-consistency-group");
  });
});
