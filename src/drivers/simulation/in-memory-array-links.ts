import type { ArrayLinks, SimLink } from "./array-state-store.js";
import { type InMemoryArrayState, picked } from "./in-memory-array-state.js";

/** An array's links in process memory. */
export function inMemoryArrayLinks(state: InMemoryArrayState): ArrayLinks {
  const part: ArrayLinks = {
    async linkOfTarget(targetNativeId: string): Promise<SimLink | null> {
      return state.links.get(targetNativeId) ?? null;
    },

    async linksOfTargets(targetNativeIds: readonly string[]): Promise<ReadonlyMap<string, SimLink>> {
      return picked(state.links, targetNativeIds);
    },

    async linksOfSnapshot(snapId: number): Promise<SimLink[]> {
      return [...state.links.values()].filter((l) => l.snapId === snapId);
    },

    async countLinksOfSource(sourceNativeId: string): Promise<number> {
      let count = 0;
      for (const link of state.links.values()) if (link.sourceNativeId === sourceNativeId) count += 1;
      return count;
    },

    async insertLink(link: SimLink): Promise<void> {
      if (state.links.has(link.targetNativeId)) throw new Error(`target ${link.targetNativeId} is linked`);
      state.links.set(link.targetNativeId, link);
    },

    async insertLinkWithinLimit(link: SimLink, maxLinksOfSource: number): Promise<boolean> {
      if ((await part.countLinksOfSource(link.sourceNativeId)) >= maxLinksOfSource) return false;
      await part.insertLink(link);
      return true;
    },

    async insertLinksWithinLimit(links: readonly SimLink[], maxLinksOfSource: number): Promise<ReadonlySet<string>> {
      if (links.some((link) => state.links.has(link.targetNativeId))) throw new Error("a target is linked");
      const inserted = new Set<string>();
      for (const link of links) {
        if (await part.insertLinkWithinLimit(link, maxLinksOfSource)) inserted.add(link.targetNativeId);
      }
      return inserted;
    },

    async updateLink(link: SimLink): Promise<void> {
      if (!state.links.has(link.targetNativeId)) throw new Error(`target ${link.targetNativeId} is not linked`);
      state.links.set(link.targetNativeId, link);
    },

    async deleteLink(targetNativeId: string): Promise<boolean> {
      return state.links.delete(targetNativeId);
    },

    async allLinks(): Promise<SimLink[]> {
      return [...state.links.values()].sort((a, b) => a.targetNativeId.localeCompare(b.targetNativeId));
    },
  };
  return part;
}
