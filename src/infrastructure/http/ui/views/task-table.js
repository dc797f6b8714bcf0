import { h, progressBar, routeTo, stateBadge, table, timeOf } from "../dom.js";

/** The dashboard page of a task's resource, for the resources it has pages for. */
const PAGES_BY_TYPE = { Volume: "volumes", BlockSnapshotSession: "snapshot-sessions" };

/** Tasks with their state, progress and outcome; `withResource` adds the resource they act on. */
export function taskTable(tasks, { withResource = false } = {}) {
  if (tasks.length === 0) return h("p", { class: "empty" }, "No tasks.");
  const headers = [
    "Operation",
    ...(withResource ? ["Resource"] : []),
    "State",
    "Progress",
    "Message",
    "Started",
    "Ended",
  ];
  const rows = tasks.map((task) => [
    task.name,
    ...(withResource ? [resourceLink(task.resource)] : []),
    stateBadge(task.state),
    progressBar(task.progress, `Progress of ${task.name} started ${timeOf(task.start_time)}`),
    outcome(task),
    timeOf(task.start_time),
    timeOf(task.end_time),
  ]);
  return table("Tasks", headers, rows);
}

function outcome(task) {
  const error = task.service_error;
  if (!error) return task.message ?? "";
  return h("span", { class: "error-text" }, `${error.code} ${error.description}: ${error.details ?? ""}`);
}

function resourceLink(resource) {
  const type = resource?.id?.split(":")[2];
  const page = PAGES_BY_TYPE[type];
  const label = resource?.name ?? resource?.id ?? "—";
  return page ? h("a", { href: routeTo(page, resource.id) }, label) : label;
}
