import { list } from "./document.js";
import { hrefOf, selfLink } from "./links.js";

/**
 * The fields every ViPR resource representation starts with (DataObjectRestRep): `inactive`
 * is always present (clients crash without it), `tags` is always a list.
 */
export function dataObjectFields(resource: {
  readonly id: string;
  readonly name: string;
  readonly inactive: boolean;
  readonly creationTime: number;
}) {
  return {
    id: resource.id,
    name: resource.name,
    link: selfLink(hrefOf(resource.id)),
    inactive: resource.inactive,
    creation_time: resource.creationTime,
    tags: list("tag", []),
    global: false,
    remote: false,
    internal: false,
  };
}
