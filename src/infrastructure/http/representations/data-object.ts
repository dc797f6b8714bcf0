import { list } from "./document.js";
import { hrefOf, related, selfLink } from "./links.js";

/** The simulator is a single virtual data center. */
export const LOCAL_VDC_ID = "urn:storageos:VirtualDataCenter:00000000-0000-0000-0000-000000000001:vdc1";

/**
 * The fields every ViPR resource representation starts with (DataObjectRestRep), in the order
 * JAXB writes them (alphabetical by Java property: docs/api/conventions.md, "Element order"):
 * `inactive` is always present (clients crash without it), `tags` is always a list, `vdc`
 * names the one virtual data center. Tenants and projects live in the controller's global
 * keyspace (their URNs end in `:global`): `global` is true and `remote` is left out for them.
 */
export function dataObjectFields(resource: {
  readonly id: string;
  readonly name: string;
  readonly inactive: boolean;
  readonly creationTime: number;
}) {
  const global = resource.id.endsWith(":global");
  return {
    creation_time: resource.creationTime,
    global,
    id: resource.id,
    inactive: resource.inactive,
    internal: false,
    link: selfLink(hrefOf(resource.id)),
    name: resource.name,
    remote: global ? null : false,
    tags: list("tag", []),
    vdc: related(LOCAL_VDC_ID),
  };
}
