/** Layer directions (README, "How it is built"): dependencies point inwards. */
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
      comment: "drivers implement application ports and import domain/application only",
      severity: "error",
      from: { path: "^src/drivers" },
      to: { pathNot: ["^src/domain", "^src/application", "^src/drivers"], dependencyTypesNot: ["core"] },
    },
    {
      name: "one-driver-family-does-not-import-another",
      comment:
        "every folder under src/drivers is a family, but simulation (what every simulated array shares): " +
        "a family imports its own folder and simulation, never another family's",
      severity: "error",
      from: { path: "^src/drivers/([^/]+)/", pathNot: "^src/drivers/simulation/" },
      to: { path: "^src/drivers/[^/]+/", pathNot: ["^src/drivers/$1/", "^src/drivers/simulation/"] },
    },
    {
      name: "simulation-names-no-family",
      comment: "what every simulated array shares knows none of them: a family plugs in through its registration",
      severity: "error",
      from: { path: "^src/drivers/simulation/" },
      to: { path: "^src/drivers/[^/]+/", pathNot: "^src/drivers/simulation/" },
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
