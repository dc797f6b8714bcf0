import type { ArrayFamily } from "../simulation/array-family.js";
import { SNAPVX_FAMILY } from "./simulated-snapvx-array.js";
import { createSnapVxDriver, SNAPVX_REGISTRATION, SNAPVX_SYSTEM_TYPE } from "./snapvx.driver.js";
import { SNAPVX_SECRET_SETTINGS } from "./snapvx-settings.js";

const isSecret = (key: string) => SNAPVX_SECRET_SETTINGS.includes(key);

/** VMAX3 / PowerMax arrays with SnapVX, simulated in-process or reached through a Unisphere. */
export const SNAPVX: ArrayFamily<typeof SNAPVX_SYSTEM_TYPE> = {
  systemType: SNAPVX_SYSTEM_TYPE,
  title: "VMAX3 / PowerMax with SnapVX",
  names: ["vmax", "snapvx", "powermax", "unisphere", "symmetrix"],
  createDriver: (dependencies) => createSnapVxDriver(dependencies),
  simulatedFamily: SNAPVX_FAMILY,
  registration: SNAPVX_REGISTRATION,
  settingFields: [
    { key: "unisphereUrl", wireName: "unisphere_url", kind: "text" },
    { key: "unisphereUser", wireName: "unisphere_user", kind: "text" },
    { key: "unispherePassword", wireName: "unisphere_password", kind: "text", secret: isSecret("unispherePassword") },
    { key: "unisphereVerifyTls", wireName: "unisphere_verify_tls", kind: "text" },
    { key: "unisphereCaCertificate", wireName: "unisphere_ca_certificate", kind: "text" },
  ],
  settingsSummary:
    "for a `vmax` driven through a Unisphere for PowerMax, its `unisphere_url`, `unisphere_user`, " +
    "`unisphere_password` (never shown back), `unisphere_verify_tls` and `unisphere_ca_certificate`, with the " +
    "array's Symmetrix id as `serial_number`",
  seed: { serialNumber: "SYMMETRIX+000197900001" },
  capabilityVariants: [
    {
      label: "a Unisphere (`unisphere_url`)",
      settings: { unisphereUrl: "https://unisphere.example:8443", unisphereUser: "smc", unispherePassword: "smc" },
    },
  ],
};
