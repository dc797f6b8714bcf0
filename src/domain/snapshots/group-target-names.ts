import { linkedTargetName } from "./snapshot-label.js";

/** A member of a group session as its targets are named: its volume and the volume's name. */
export interface NamedMember {
  readonly volumeId: string;
  readonly volumeName: string;
}

/** One new target of a group link: its member, its name and the name of its set. */
export interface GroupTargetName {
  readonly volumeId: string;
  readonly label: string;
  /** `<target_name>-<i>`: shared by the targets of every member made for the same `i`. */
  readonly snapsetLabel: string;
}

/**
 * Java's `String.compareToIgnoreCase`: character by character, each compared upper-cased, then
 * lower-cased, then by code unit; a shorter prefix first.
 */
export function compareIgnoringCase(one: string, two: string): number {
  const length = Math.min(one.length, two.length);
  for (let i = 0; i < length; i++) {
    let a = one[i] as string;
    let b = two[i] as string;
    if (a === b) continue;
    a = a.toUpperCase();
    b = b.toUpperCase();
    if (a === b) continue;
    a = a.toLowerCase();
    b = b.toLowerCase();
    if (a !== b) return a.charCodeAt(0) - b.charCodeAt(0);
  }
  return one.length - two.length;
}

/** The members in the order their targets are named: by volume name, whatever the case. */
export function membersInNamingOrder<M extends NamedMember>(members: readonly M[]): M[] {
  return [...members].sort((one, two) => compareIgnoringCase(one.volumeName, two.volumeName));
}

/**
 * The names of `count` sets of targets, one target per member in each, as the real controller
 * prepares them: set `i` is `<target_name>-<i>`; with more than one member, member `j` (in
 * naming order) gets `<target_name>-<i>-<j>`, alone it gets the set's name.
 */
export function groupTargetNames(
  members: readonly NamedMember[],
  count: number,
  targetName: string,
): GroupTargetName[] {
  const ordered = membersInNamingOrder(members);
  const names: GroupTargetName[] = [];
  for (let i = 1; i <= count; i++) {
    const snapsetLabel = linkedTargetName(targetName, i);
    ordered.forEach((member, index) => {
      const label = ordered.length > 1 ? `${snapsetLabel}-${index + 1}` : snapsetLabel;
      names.push({ volumeId: member.volumeId, label, snapsetLabel });
    });
  }
  return names;
}
