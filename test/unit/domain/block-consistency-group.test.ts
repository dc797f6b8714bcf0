import { describe, expect, it } from "vitest";
import { BlockConsistencyGroup } from "../../../src/domain/consistency-groups/block-consistency-group.js";
import { InvariantViolation, ServiceError } from "../../../src/domain/shared/service-error.js";

const PROJECT = "urn:storageos:Project:00000000-0000-0000-0000-000000000001:global";
const OTHER_PROJECT = "urn:storageos:Project:00000000-0000-0000-0000-000000000002:global";
const TENANT = "urn:storageos:TenantOrg:00000000-0000-0000-0000-00000000000a:global";
const GROUP = "urn:storageos:BlockConsistencyGroup:00000000-0000-0000-0000-000000000003:vdc1";
const SYSTEM = "urn:storageos:StorageSystem:00000000-0000-0000-0000-000000000004:vdc1";
const OTHER_SYSTEM = "urn:storageos:StorageSystem:00000000-0000-0000-0000-000000000005:vdc1";

const aGroup = (name = "cg1") =>
  BlockConsistencyGroup.create({
    id: GROUP,
    name,
    projectId: PROJECT,
    tenantId: TENANT,
    arrayConsistency: true,
    now: 1000,
  });

function refusal(work: () => unknown): { code: number; details: string } {
  try {
    work();
  } catch (error) {
    if (error instanceof ServiceError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("a block consistency group", () => {
  it("is made empty, unbound and not created on any array", () => {
    const group = aGroup();
    expect(group.toState()).toMatchObject({
      storageSystemId: null,
      requestedTypes: [],
      types: [],
      systemConsistencyGroups: [],
      inactive: false,
      creationTime: 1000,
      version: 0,
    });
    expect(group.created).toBe(false);
  });

  it("takes names of letters, digits, '_' and '-' up to 64 characters", () => {
    expect(aGroup("Cg_1-a").name).toBe("Cg_1-a");
    expect(aGroup("x".repeat(64)).name).toHaveLength(64);
  });

  it("refuses other characters first, then an empty name, then a name over 64 characters", () => {
    expect(refusal(() => aGroup("cg 1"))).toEqual({
      code: 1008,
      details: "Consistency Group name can be alpha numeric characters only.",
    });
    expect(refusal(() => aGroup("cg.1"))).toEqual({
      code: 1008,
      details: "Consistency Group name can be alpha numeric characters only.",
    });
    expect(refusal(() => aGroup(""))).toEqual({ code: 1005, details: "Required parameter name was missing or empty" });
    const long = "y".repeat(65);
    expect(refusal(() => aGroup(long))).toEqual({
      code: 1008,
      details: `Invalid value ${long} for parameter name, maximum length is 64`,
    });
  });

  it("takes volumes of its own project only", () => {
    expect(() => aGroup().checkProjectOf(PROJECT)).not.toThrow();
    expect(refusal(() => aGroup().checkProjectOf(OTHER_PROJECT))).toEqual({
      code: 1008,
      details: `Objects should all be in the project ${PROJECT}`,
    });
  });

  it("is created once every requested type has its group on an array, and stays bound to its first system", () => {
    const group = aGroup();
    group.recordRequestedTypes(["LOCAL"]);
    expect(group.created).toBe(false);

    group.recordArrayGroup(SYSTEM, "cg1");
    group.recordArrayGroup(OTHER_SYSTEM, "cg1_b");
    group.recordArrayGroup(SYSTEM, "cg1");

    expect(group.created).toBe(true);
    expect(group.toState()).toMatchObject({
      storageSystemId: SYSTEM,
      requestedTypes: ["LOCAL"],
      types: ["LOCAL"],
      systemConsistencyGroups: [
        { storageSystemId: OTHER_SYSTEM, groupName: "cg1_b" },
        { storageSystemId: SYSTEM, groupName: "cg1" },
      ],
    });
  });

  it("may be deleted only without active volumes, and is then unbound", () => {
    const group = aGroup();
    group.recordRequestedTypes(["LOCAL"]);
    group.recordArrayGroup(SYSTEM, "cg1");
    expect(refusal(() => group.checkDeactivation(2))).toEqual({
      code: 1020,
      details: `BlockConsistencyGroup ${GROUP} has active references of type Volume`,
    });

    group.checkDeactivation(0);
    group.markDeleted();
    group.markDeleted();

    expect(group.isActive).toBe(false);
    expect(group.storageSystemId).toBeNull();
    expect(() => group.recordRequestedTypes(["LOCAL"])).toThrow(InvariantViolation);
  });
});
