/** What the API offers to find storage systems and volumes, read as a ViPR client reads it. */

/** `POST /block/volumes/bulk` takes at most this many ids. */
const BULK_LIMIT = 4000;

export function pathId(id) {
  return encodeURIComponent(id);
}

/** Every registered storage system, each as its full representation. */
export async function storageSystems(api) {
  const { storage_system: listed = [] } = await api.get("/vdc/storage-systems");
  return Promise.all(listed.map((system) => api.get(`/vdc/storage-systems/${pathId(system.id)}`)));
}

/**
 * The volumes the user may read. The API lists volumes per project only, so this walks the
 * projects of the user's tenant, searches each for its volumes and reads them in bulk.
 */
export async function readableVolumes(api) {
  const tenant = await api.get("/tenant");
  const { project: projects = [] } = await api.get(`/tenants/${pathId(tenant.id)}/projects`);
  const found = await Promise.all(
    projects.map((project) => api.get(`/block/volumes/search?project=${encodeURIComponent(project.id)}`)),
  );
  const ids = found.flatMap(({ resource = [] }) => resource.map((volume) => volume.id));
  const volumes = [];
  for (let start = 0; start < ids.length; start += BULK_LIMIT) {
    const { volume = [] } = await api.post("/block/volumes/bulk", { id: ids.slice(start, start + BULK_LIMIT) });
    volumes.push(...volume);
  }
  return volumes.filter((volume) => !volume.inactive);
}

/**
 * A session's targets, those still being linked included: the session's `linked_targets` names
 * a target only once its link completed, so this reads every target of the session's source and
 * keeps those whose `snapshot_session` is this session.
 */
export async function targetsOfSession(api, session) {
  const { snapshot: listed = [] } = await api.get(`/block/volumes/${pathId(session.parent.id)}/protection/snapshots`);
  const targets = await Promise.all(listed.map((target) => api.get(`/block/snapshots/${pathId(target.id)}`)));
  return targets.filter((target) => !target.inactive && target.snapshot_session?.id === session.id);
}

/** Tasks newest first (the API lists a resource's tasks oldest first). */
export function newestFirst(tasks) {
  return [...tasks].sort((a, b) => (b.start_time ?? 0) - (a.start_time ?? 0));
}
