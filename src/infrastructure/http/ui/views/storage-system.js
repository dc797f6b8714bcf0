import { details, h, pageHeader, routeTo, section, table, timeOf } from "../dom.js";
import { pathId, readableVolumes } from "../inventory.js";

/** One storage system and the user's volumes on it. */
export async function storageSystemPage(api, systemId) {
  const [system, volumes] = await Promise.all([
    api.get(`/vdc/storage-systems/${pathId(systemId)}`),
    readableVolumes(api),
  ]);
  const rows = volumes
    .filter((volume) => volume.storage_controller === system.id)
    .map((volume) => [
      h("a", { href: routeTo("volumes", volume.id) }, volume.name),
      `${volume.provisioned_capacity_gb} GB`,
      volume.native_id ?? "—",
      volume.wwn ?? "—",
      timeOf(volume.creation_time),
    ]);
  return {
    title: system.name,
    sections: [
      pageHeader([["Storage systems", "#/"], [system.name]], `Storage system ${system.name}`),
      section(
        "system-heading",
        "Array",
        details([
          ["Type", system.system_type],
          ["Serial number", system.serial_number],
          ["Id", system.id],
        ]),
      ),
      section(
        "volumes-heading",
        "Volumes",
        rows.length
          ? table("Volumes", ["Name", "Capacity", "Native id", "WWN", "Created"], rows)
          : h("p", { class: "empty" }, "No volume of yours is on this array."),
      ),
    ],
  };
}
