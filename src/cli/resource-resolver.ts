import type { NamedRef, SessionJson } from "./api-shapes.js";
import { UsageError } from "./cli-errors.js";
import type { ApiClient } from "./http/api-client.js";

type SearchResult = { readonly resource: readonly { readonly id: string; readonly match: string }[] };

/** The fewest characters the API searches a name by. */
const MINIMUM_SEARCH_LENGTH = 2;

export function isUrn(value: string): boolean {
  return value.startsWith("urn:storageos:");
}

/**
 * Turns the names people type into the URNs the API takes, through the API's own lists and
 * searches. A URN is taken as it is (the API judges it); a name must match exactly one resource.
 */
export class ResourceResolver {
  constructor(private readonly client: ApiClient) {}

  async project(nameOrUrn: string): Promise<string> {
    if (isUrn(nameOrUrn)) return nameOrUrn;
    return only("project", nameOrUrn, await this.projects(), (p) => p.name?.toLowerCase() === nameOrUrn.toLowerCase());
  }

  async varray(nameOrUrn: string): Promise<string> {
    if (isUrn(nameOrUrn)) return nameOrUrn;
    const { varray } = await this.client.getJson<{ varray: NamedRef[] }>("/vdc/varrays");
    return only("virtual array", nameOrUrn, varray, (v) => v.name === nameOrUrn);
  }

  async vpool(nameOrUrn: string): Promise<string> {
    if (isUrn(nameOrUrn)) return nameOrUrn;
    const { virtualpool } = await this.client.getJson<{ virtualpool: NamedRef[] }>("/block/vpools");
    return only("virtual pool", nameOrUrn, virtualpool, (v) => v.name === nameOrUrn);
  }

  async storageSystem(nameOrUrn: string): Promise<string> {
    if (isUrn(nameOrUrn)) return nameOrUrn;
    const { storage_system } = await this.client.getJson<{ storage_system: NamedRef[] }>("/vdc/storage-systems");
    return only("storage system", nameOrUrn, storage_system, (s) => s.name === nameOrUrn);
  }

  /** A volume by URN, or by name in `project` (by default, in every project of the caller's tenant). */
  async volume(nameOrUrn: string, project?: string): Promise<string> {
    if (isUrn(nameOrUrn)) return nameOrUrn;
    const projectIds = project ? [await this.project(project)] : (await this.projects()).map((p) => p.id);
    const found: SearchResult["resource"][number][] = [];
    for (const projectId of projectIds) found.push(...(await this.search("volumes", nameOrUrn, projectId)));
    return only("volume", nameOrUrn, found, (r) => r.match === nameOrUrn);
  }

  /** A session by URN, or by name among those the caller may read. */
  async session(nameOrUrn: string): Promise<string> {
    if (isUrn(nameOrUrn)) return nameOrUrn;
    const found =
      nameOrUrn.length >= MINIMUM_SEARCH_LENGTH
        ? await this.search("snapshot-sessions", nameOrUrn)
        : (
            await Promise.all((await this.projects()).map((p) => this.search("snapshot-sessions", nameOrUrn, p.id)))
          ).flat();
    return only("snapshot session", nameOrUrn, found, (r) => r.match === nameOrUrn);
  }

  /**
   * The API's search: by name (a prefix, any case), within a project when one is given. A name
   * shorter than the search takes is looked for among the project's resources, all of them.
   */
  private async search(kind: string, name: string, projectId?: string): Promise<SearchResult["resource"]> {
    const query: Record<string, string> = projectId ? { project: projectId } : {};
    if (name.length >= MINIMUM_SEARCH_LENGTH) query.name = name;
    return (await this.client.getJson<SearchResult>(`/block/${kind}/search`, query)).resource;
  }

  /**
   * Linked targets by URN, or by name among the active linked targets of the session's source volume
   * (a session's own list names none, and a target to relink is linked to another session of that source).
   */
  async linkedTargets(namesOrUrns: readonly string[], sessionId: string): Promise<string[]> {
    if (namesOrUrns.every(isUrn)) return [...namesOrUrns];
    const session = await this.client.getJson<SessionJson>(`/block/snapshot-sessions/${encodeURIComponent(sessionId)}`);
    const { snapshot } = await this.client.getJson<{ snapshot: NamedRef[] }>(
      `/block/volumes/${encodeURIComponent(session.parent.id)}/protection/snapshots`,
    );
    return namesOrUrns.map((nameOrUrn) =>
      isUrn(nameOrUrn) ? nameOrUrn : only("linked target", nameOrUrn, snapshot, (t) => t.name === nameOrUrn),
    );
  }

  private async projects(): Promise<NamedRef[]> {
    const tenant = await this.client.getJson<NamedRef>("/tenant");
    const { project } = await this.client.getJson<{ project: NamedRef[] }>(
      `/tenants/${encodeURIComponent(tenant.id)}/projects`,
    );
    return project;
  }
}

function only<T extends { readonly id: string }>(
  kind: string,
  name: string,
  candidates: readonly T[],
  matches: (candidate: T) => boolean,
): string {
  const found = candidates.filter(matches);
  if (found.length === 1 && found[0]) return found[0].id;
  if (found.length === 0) throw new UsageError(`No ${kind} is named "${name}".`);
  throw new UsageError(
    `${found.length} ${kind}s are named "${name}"; pass one's URN instead:\n${found.map((f) => `  ${f.id}`).join("\n")}`,
  );
}
