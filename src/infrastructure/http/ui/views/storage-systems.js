import { h, pageHeader, routeTo, section, table } from "../dom.js";
import { readableVolumes, storageSystems } from "../inventory.js";

/** Every storage system, with how many of the user's volumes it holds. */
export async function storageSystemsPage(api) {
  const [systems, volumes] = await Promise.all([storageSystems(api), readableVolumes(api)]);
  const rows = systems.map((system) => [
    h("a", { href: routeTo("storage-systems", system.id) }, system.name),
    system.system_type,
    system.serial_number ?? "—",
    String(volumes.filter((volume) => volume.storage_controller === system.id).length),
  ]);
  return {
    title: "Storage systems",
    sections: [
      pageHeader([["Storage systems"]], "Storage systems"),
      section(
        "systems-heading",
        "Registered arrays",
        rows.length
          ? table("Storage systems", ["Name", "Type", "Serial number", "Volumes"], rows)
          : h("p", { class: "empty" }, "No storage system is registered."),
      ),
    ],
  };
}
