import { details, h, pageHeader, routeTo, section, table, timeOf } from "../dom.js";
import { newestFirst, pathId } from "../inventory.js";
import { taskTable } from "./task-table.js";

/** One volume, its snapshot sessions and its tasks. */
export async function volumePage(api, volumeId) {
  const volume = await api.get(`/block/volumes/${pathId(volumeId)}`);
  const [system, listed, tasks] = await Promise.all([
    api.get(`/vdc/storage-systems/${pathId(volume.storage_controller)}`),
    api.get(`/block/volumes/${pathId(volume.id)}/protection/snapshot-sessions`),
    api.get(`/block/volumes/${pathId(volume.id)}/tasks`),
  ]);
  const sessions = await Promise.all(
    (listed.snapshot_session ?? []).map((session) => api.get(`/block/snapshot-sessions/${pathId(session.id)}`)),
  );
  const rows = sessions.map((session) => [
    h("a", { href: routeTo("snapshot-sessions", session.id) }, session.name),
    String(session.linked_targets?.length ?? 0),
    session.native_id ?? "—",
    timeOf(session.creation_time),
  ]);
  return {
    title: volume.name,
    sections: [
      pageHeader(
        [["Storage systems", "#/"], [system.name, routeTo("storage-systems", system.id)], [volume.name]],
        `Volume ${volume.name}`,
      ),
      section(
        "volume-heading",
        "Volume",
        details([
          ["Capacity", `${volume.provisioned_capacity_gb} GB`],
          ["Array", `${system.name} (${volume.system_type})`],
          ["Native id", volume.native_id],
          ["WWN", volume.wwn],
          ["Created", timeOf(volume.creation_time)],
          ["Id", volume.id],
        ]),
      ),
      section(
        "sessions-heading",
        "Snapshot sessions",
        rows.length
          ? table("Snapshot sessions", ["Name", "Linked targets", "Native id", "Created"], rows)
          : h("p", { class: "empty" }, "No snapshot session of this volume."),
      ),
      section("volume-tasks-heading", "Tasks", taskTable(newestFirst(tasks.task ?? []))),
    ],
  };
}
