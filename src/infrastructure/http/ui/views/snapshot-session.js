import { details, h, pageHeader, progressBar, routeTo, section, stateBadge, table, timeOf } from "../dom.js";
import { newestFirst, pathId, targetsOfSession } from "../inventory.js";
import { taskTable } from "./task-table.js";

/** One snapshot session: its linked targets with their link state and copy progress, and its tasks. */
export async function snapshotSessionPage(api, sessionId) {
  const session = await api.get(`/block/snapshot-sessions/${pathId(sessionId)}`);
  const [volume, targets, tasks] = await Promise.all([
    api.get(`/block/volumes/${pathId(session.parent.id)}`),
    targetsOfSession(api, session),
    api.get(`/block/snapshot-sessions/${pathId(session.id)}/tasks`),
  ]);
  const system = await api.get(`/vdc/storage-systems/${pathId(volume.storage_controller)}`);
  return {
    title: session.name,
    sections: [
      pageHeader(
        [
          ["Storage systems", "#/"],
          [system.name, routeTo("storage-systems", system.id)],
          [volume.name, routeTo("volumes", volume.id)],
          [session.name],
        ],
        `Snapshot session ${session.name}`,
      ),
      section(
        "session-heading",
        "Session",
        details([
          ["Source volume", h("a", { href: routeTo("volumes", volume.id) }, volume.name)],
          ["Array", `${system.name} (${volume.system_type})`],
          ["Native id", session.native_id],
          ["Created", timeOf(session.creation_time)],
          ["Id", session.id],
        ]),
      ),
      section("targets-heading", "Linked targets", targetTable(targets)),
      section("session-tasks-heading", "Tasks", taskTable(newestFirst(tasks.task ?? []))),
    ],
  };
}

function targetTable(targets) {
  if (targets.length === 0) return h("p", { class: "empty" }, "No target is linked to this session.");
  const rows = targets.map((target) => [
    target.name,
    target.copy_mode ?? "—",
    stateBadge(target.link_state?.state ?? "unknown"),
    target.link_state?.native_state ?? "—",
    target.replica_state,
    target.copy_mode === "copy"
      ? progressBar(target.link_state?.percent_copied, `Copy progress of ${target.name}`)
      : h("span", { class: "muted" }, "no background copy"),
  ]);
  return table("Linked targets", ["Target", "Copy mode", "Link state", "Array state", "Replica state", "Copied"], rows);
}
