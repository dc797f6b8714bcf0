import { documented } from "../api-docs/operation-docs.js";
import { authOperations } from "../api-docs/operations/auth.operations.js";
import { sendRepresentation } from "../codecs/reply.js";
import type { RoutePlugin } from "../http-dependencies.js";
import { targetVersionRepresentation } from "../representations/upgrade.representations.js";

/**
 * `GET /upgrade/target-version`, which the ViPR CLI calls right after login: 200 with no
 * `target_version` (there is no upgrade service in a simulator).
 */
export const upgradeRoutes: RoutePlugin = async (app) => {
  app.get("/upgrade/target-version", documented(authOperations.targetVersion), async (request, reply) =>
    sendRepresentation(request, reply, 200, targetVersionRepresentation()),
  );
};
