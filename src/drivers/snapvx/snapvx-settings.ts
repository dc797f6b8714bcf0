import { X509Certificate } from "node:crypto";
import { booleanSetting, InvalidArraySetting } from "../simulation/settings.js";
import { symmetrixIdOf } from "./unisphere/powermax-identity.js";
import type { UnisphereEndpoint } from "./unisphere/unisphere-http.js";

/**
 * A `vmax` storage system's `settings`: without any, coprsim simulates the array in-process;
 * with `unisphereUrl`, it drives the array through that Unisphere for PowerMax
 * (docs/unisphere.md, "Pointing coprsim at a Unisphere"):
 * - `unisphereUrl`: `https://host:port` (8443 is Unisphere's port);
 * - `unisphereUser`, `unispherePassword`: a Unisphere user allowed to provision and run SnapVX;
 *   the password is never shown back;
 * - `unisphereVerifyTls` (default true): check Unisphere's certificate;
 * - `unisphereCaCertificate`: PEM of the CA to trust for it, besides the system's.
 * The array on that Unisphere is the one whose Symmetrix id is the system's serial number.
 */
export interface SnapVxSettings {
  readonly unisphere: UnisphereEndpoint | null;
}

export const SNAPVX_SETTING_KEYS = [
  "unisphereUrl",
  "unisphereUser",
  "unispherePassword",
  "unisphereVerifyTls",
  "unisphereCaCertificate",
];

/** Settings never shown back (in representations, errors or logs). */
export const SNAPVX_SECRET_SETTINGS = ["unispherePassword"];

const HIDDEN = "(hidden)";

/** Raises InvalidArraySetting naming the key of a bad or missing value (a password's value is never shown). */
export function parseSnapVxSettings(settings: Readonly<Record<string, unknown>>): SnapVxSettings {
  if (!SNAPVX_SETTING_KEYS.some((key) => settings[key] !== undefined && settings[key] !== null)) {
    return { unisphere: null };
  }
  return {
    unisphere: {
      url: unisphereUrl(settings.unisphereUrl),
      user: requiredText(settings, "unisphereUser", settings.unisphereUser),
      password: requiredText(settings, "unispherePassword", HIDDEN),
      verifyTls: booleanSetting(settings, "unisphereVerifyTls", true),
      caCertificate: caCertificate(settings.unisphereCaCertificate),
    },
  };
}

/** What is wrong with the serial number of a system driven through Unisphere: it must be the array's Symmetrix id. */
export function snapVxSerialNumberProblem(
  serialNumber: string | undefined,
  settings: Readonly<Record<string, unknown>>,
): "missing" | "invalid" | null {
  if (parseSnapVxSettings(settings).unisphere === null) return null;
  if (serialNumber === undefined) return "missing";
  return symmetrixIdOf(serialNumber) === null ? "invalid" : null;
}

function requiredText(settings: Readonly<Record<string, unknown>>, key: string, shown: unknown): string {
  const value = settings[key];
  if (typeof value === "string" && value.trim() !== "") return value;
  throw new InvalidArraySetting(key, value === undefined ? "(missing)" : shown, "text, given with unisphere_url");
}

function unisphereUrl(value: unknown): string {
  const problem = (shown: unknown) =>
    new InvalidArraySetting("unisphereUrl", shown, "an https://host:port URL without credentials, path or query");
  if (typeof value !== "string" || value.trim() === "") throw problem(value === undefined ? "(missing)" : value);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw problem(value);
  }
  // Credentials in the URL would be shown back with it: the URL is shown without them.
  if (url.username !== "" || url.password !== "") {
    url.username = "";
    url.password = "";
    throw problem(url.toString());
  }
  if (url.protocol !== "https:" || (url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    throw problem(value);
  }
  return url.origin;
}

function caCertificate(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const pems =
    typeof value === "string" ? value.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) : null;
  const shown = typeof value === "string" ? `${value.slice(0, 40)}…` : value;
  if (!pems) throw new InvalidArraySetting("unisphereCaCertificate", shown, "PEM certificates");
  for (const pem of pems) {
    try {
      new X509Certificate(pem);
    } catch {
      throw new InvalidArraySetting("unisphereCaCertificate", shown, "PEM certificates");
    }
  }
  return pems.join("\n");
}
