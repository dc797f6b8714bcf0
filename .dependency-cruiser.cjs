/** Layer directions (README, "How it is built"): dependencies point inwards. */

/** Any folder under src/drivers is an array family's, but the shared simulation kernel. */
const FAMILY_FOLDER = "^src/drivers/(?!simulation/)[^/]+/";
/** A family's array surface: the vendor's management API over its simulated arrays, an outer adapter. */
const FAMILY_SURFACE = "^src/drivers/[^/]+/surface/";
/** The one list of families (CONTRIBUTING.md, "Adding an array family"). */
const FAMILY_LIST = "^src/drivers/array-families[.]ts$";

module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      comment: "domain imports nothing outside domain (node built-ins are fine)",
      severity: "error",
      from: { path: "^src/domain" },
      to: { pathNot: ["^src/domain"], dependencyTypesNot: ["core"] },
    },
    {
      name: "application-imports-domain-only",
      comment: "application imports domain (and itself) only: no frameworks, no infrastructure, no drivers",
      severity: "error",
      from: { path: "^src/application" },
      to: { pathNot: ["^src/domain", "^src/application"], dependencyTypesNot: ["core"] },
    },
    {
      name: "drivers-import-inwards-only",
      comment:
        "drivers implement application ports and import domain/application only; a family's surface/ folder " +
        "and the list of families are outer adapters (rules below)",
      severity: "error",
      from: { path: "^src/drivers", pathNot: [FAMILY_SURFACE, FAMILY_LIST] },
      to: { pathNot: ["^src/domain", "^src/application", "^src/drivers"], dependencyTypesNot: ["core"] },
    },
    {
      name: "one-driver-family-does-not-import-another",
      comment: "any folder under src/drivers but simulation/ is a family; simulation/ imports none of them",
      severity: "error",
      from: { path: "^src/drivers/([^/]+)/" },
      to: { path: FAMILY_FOLDER, pathNot: "^src/drivers/$1/" },
    },
    {
      name: "families-are-reached-through-the-list",
      comment: "outside a family's folder only src/drivers/array-families.ts imports it (CONTRIBUTING.md)",
      severity: "error",
      from: { pathNot: [FAMILY_LIST, FAMILY_FOLDER] },
      to: { path: FAMILY_FOLDER },
    },
    {
      name: "the-list-of-families-is-read-from-outside-the-drivers",
      comment: "families and the simulation kernel do not read the list: they are what it lists",
      severity: "error",
      from: { path: "^src/drivers", pathNot: FAMILY_LIST },
      to: { path: FAMILY_LIST },
    },
    {
      name: "the-list-of-families-lists",
      comment: "the list imports families, the simulation kernel's types and the surface contract only",
      severity: "error",
      from: { path: FAMILY_LIST },
      to: { pathNot: ["^src/drivers", "^src/infrastructure/array-surfaces/"] },
    },
    {
      name: "a-family-driver-does-not-import-its-surface",
      comment: "surface/ serves a family's arrays to outside clients; the driver side never depends on it",
      severity: "error",
      from: { path: "^src/drivers/", pathNot: [FAMILY_SURFACE, FAMILY_LIST] },
      to: { path: FAMILY_SURFACE },
    },
    {
      name: "cli-talks-http-only",
      comment: "the command-line client speaks to the service over HTTP: no domain, application, driver or server code",
      severity: "error",
      from: { path: "^src/cli" },
      to: { path: "^src/(domain|application|drivers|infrastructure|main)" },
    },
    {
      name: "only-main-and-container-assemble",
      comment: "composition roots live in src/main and src/infrastructure/container",
      severity: "error",
      from: { pathNot: ["^src/main", "^src/infrastructure/container", "^test", "^bench"] },
      to: { path: ["^src/infrastructure/container", "^src/main"] },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".js"] },
  },
};
