import { describe, expect, it } from "vitest";
import { ServiceError } from "../../../src/domain/shared/service-error.js";
import { decodeBody } from "../../../src/infrastructure/http/codecs/request-decoding.js";
import {
  linkTargetsBody,
  relinkTargetsBody,
  snapshotSessionCreateBody,
  unlinkTargetsBody,
} from "../../../src/infrastructure/http/requests/request-bodies.js";
import type { RequestBody } from "../../../src/infrastructure/http/requests/request-body.js";

const json = (body: RequestBody<unknown>, text: string) => decodeBody({ format: "json", text }, body);
const xml = (body: RequestBody<unknown>, text: string) => decodeBody({ format: "xml", text }, body);

function refusal(read: () => unknown): [number, string] {
  try {
    read();
  } catch (error) {
    if (error instanceof ServiceError) return [error.code, error.details];
    throw error;
  }
  throw new Error("expected the body to be refused");
}

const link = (targets: Record<string, unknown>) => JSON.stringify({ new_linked_targets: targets });
const linkXml = (inner: string) =>
  `<snapshot_session_link_targets><new_linked_targets>${inner}</new_linked_targets></snapshot_session_link_targets>`;

/** The session bodies read as the real controller's JSON reader (Jackson 1.x) and XML reader (JAXB) read them. */
describe("session request bodies", () => {
  describe("JSON: values of the wrong type are 400/1013 with Jackson's words", () => {
    it("reads count as a Java Integer", () => {
      const count = (value: unknown) =>
        (json(linkTargetsBody, link({ count: value, target_name: "t" })) as { newLinkedTargets: { count: unknown } })
          .newLinkedTargets.count;
      expect([count(2), count(" 2 "), count("+2"), count(2.7), count(""), count(null)]).toEqual([
        2,
        2,
        2,
        2,
        null,
        null,
      ]);
      expect(refusal(() => count("abc"))).toEqual([
        1013,
        "Can not construct instance of java.lang.Integer from String value 'abc': not a valid Integer value",
      ]);
      expect(refusal(() => count(true))).toEqual([
        1013,
        "Can not deserialize instance of java.lang.Integer out of VALUE_TRUE token",
      ]);
      expect(refusal(() => count(3_000_000_000))).toEqual([1013, "Numeric value (3000000000) out of range of int"]);
      expect(refusal(() => count("3000000000"))).toEqual([
        1013,
        "Can not construct instance of java.lang.Integer from String value '3000000000': Overflow: numeric value (3000000000) out of range of Integer (-2147483648 - 2147483647)",
      ]);
      expect(refusal(() => count([1]))[1]).toBe(
        "Can not deserialize instance of java.lang.Integer out of START_ARRAY token",
      );
    });

    it("reads texts from any single value, refuses objects, and validates only the top level", () => {
      expect(json(linkTargetsBody, link({ count: 1, target_name: 5, copy_mode: "" }))).toEqual({
        newLinkedTargets: { count: 1, targetName: "5", copyMode: "" },
      });
      expect(json(linkTargetsBody, link({ count: 1, target_name: " t " }))).toEqual({
        newLinkedTargets: { count: 1, targetName: " t " },
      });
      expect(json(linkTargetsBody, link({ target_name: "t" }))).toEqual({ newLinkedTargets: { targetName: "t" } });
      expect(refusal(() => json(linkTargetsBody, link({ count: 1, target_name: {} })))).toEqual([
        1013,
        "Can not deserialize instance of java.lang.String out of START_OBJECT token",
      ]);
      expect(refusal(() => json(linkTargetsBody, "{}"))).toEqual([
        1005,
        "Required parameter new_linked_targets was missing or empty",
      ]);
    });

    it("trims a session's name and refuses a blank one (top level), and takes volumes", () => {
      expect(json(snapshotSessionCreateBody, '{"name":"  snap ","volumes":[]}')).toEqual({ name: "snap", volumes: [] });
      expect(refusal(() => json(snapshotSessionCreateBody, '{"name":" "}'))).toEqual([
        1005,
        "Required parameter name was missing or empty",
      ]);
      expect(json(snapshotSessionCreateBody, "{}")).toEqual({});
    });

    it("reads delete_target as a Java Boolean and ids as URIs", () => {
      const deleteTarget = (value: unknown) =>
        (
          json(unlinkTargetsBody, JSON.stringify({ linked_targets: [{ id: "urn:x", delete_target: value }] })) as {
            linkedTargets: { deleteTarget: unknown }[];
          }
        ).linkedTargets[0]?.deleteTarget;
      expect([deleteTarget(true), deleteTarget(0), deleteTarget(7), deleteTarget("false"), deleteTarget("")]).toEqual([
        true,
        false,
        true,
        false,
        null,
      ]);
      for (const value of ["1", "TRUE"]) {
        expect(refusal(() => deleteTarget(value))).toEqual([
          1013,
          `Can not construct instance of java.lang.Boolean from String value '${value}': only "true" or "false" recognized`,
        ]);
      }
      expect(refusal(() => deleteTarget(1.5))[1]).toBe(
        "Can not deserialize instance of java.lang.Boolean out of VALUE_NUMBER_FLOAT token",
      );
      expect(refusal(() => json(unlinkTargetsBody, '{"linked_targets":[{"id":"a b"}]}'))).toEqual([
        1013,
        "Can not construct instance of java.net.URI from String value 'a b': not a valid textual representation",
      ]);
      expect(json(unlinkTargetsBody, '{"linked_targets":[{}]}')).toEqual({ linkedTargets: [{}] });
      expect(json(unlinkTargetsBody, '{"linked_targets":[]}')).toEqual({ linkedTargets: [] });
    });

    it("names a missing list by its item element, as the real controller's validator does", () => {
      expect(refusal(() => json(unlinkTargetsBody, "{}"))).toEqual([
        1005,
        "Required parameter linked_target was missing or empty",
      ]);
      expect(refusal(() => json(relinkTargetsBody, '{"ids":null}'))).toEqual([
        1005,
        "Required parameter id was missing or empty",
      ]);
      expect(json(relinkTargetsBody, '{"ids":[null," urn:x "]}')).toEqual({ ids: [null, "urn:x"] });
    });
  });

  describe("XML: every object validated as its element ends", () => {
    it("reads an empty copy_mode as nocopy, and refuses one of only whitespace", () => {
      expect(xml(linkTargetsBody, linkXml("<count>1</count><target_name>t</target_name><copy_mode/>"))).toEqual({
        newLinkedTargets: { count: 1, targetName: "t", copyMode: "nocopy" },
      });
      expect(
        refusal(() =>
          xml(linkTargetsBody, linkXml("<count>1</count><target_name>t</target_name><copy_mode> </copy_mode>")),
        ),
      ).toEqual([1005, "Required parameter copy_mode was missing or empty"]);
    });

    it("names target_name before count when both are missing (the validator's order), and trims texts", () => {
      expect(refusal(() => xml(linkTargetsBody, linkXml("<copy_mode>copy</copy_mode>")))).toEqual([
        1005,
        "Required parameter target_name was missing or empty",
      ]);
      expect(xml(linkTargetsBody, linkXml("<count> 2 </count><target_name> t </target_name>"))).toEqual({
        newLinkedTargets: { count: 2, targetName: "t" },
      });
    });

    it("refuses a count outside a Java int at its element (where JAXB would wrap it around)", () => {
      expect(
        refusal(() => xml(linkTargetsBody, linkXml("<count>3000000000</count><target_name>t</target_name>"))),
      ).toEqual([1008, "Invalid input at line 1, column 52"]);
    });

    it("takes volumes, empty or not, in a session's creation", () => {
      const uuid = "3f1e0c2a-1b2c-4d5e-8f90-a1b2c3d4e5f6";
      expect(
        xml(snapshotSessionCreateBody, "<snapshot_session_create><name>s</name><volumes/></snapshot_session_create>"),
      ).toEqual({ name: "s", volumes: [] });
      expect(
        xml(
          snapshotSessionCreateBody,
          `<snapshot_session_create><name>s</name><volumes><volume>urn:storageos:Volume:${uuid}:vdc1</volume></volumes></snapshot_session_create>`,
        ),
      ).toEqual({ name: "s", volumes: [`urn:storageos:Volume:${uuid}:vdc1`] });
    });

    it("validates each linked_target: an id is required, delete_target is false when empty", () => {
      const unlink = (inner: string) =>
        xml(unlinkTargetsBody, `<snapshot_session_unlink_targets>${inner}</snapshot_session_unlink_targets>`);
      expect(
        refusal(() =>
          unlink("<linked_targets><linked_target><delete_target>true</delete_target></linked_target></linked_targets>"),
        ),
      ).toEqual([1005, "Required parameter id was missing or empty"]);
      expect(
        unlink("<linked_targets><linked_target><id>urn:x</id><delete_target/></linked_target></linked_targets>"),
      ).toEqual({
        linkedTargets: [{ id: "urn:x", deleteTarget: false }],
      });
      expect(unlink("<linked_targets/>")).toEqual({ linkedTargets: [] });
      expect(refusal(() => unlink(""))).toEqual([1005, "Required parameter linked_target was missing or empty"]);
    });

    it("reads an empty relink id as the empty URI, for the session's checks to refuse", () => {
      expect(
        xml(relinkTargetsBody, "<snapshot_session_relink_targets><ids><id/></ids></snapshot_session_relink_targets>"),
      ).toEqual({
        ids: [""],
      });
    });
  });
});
