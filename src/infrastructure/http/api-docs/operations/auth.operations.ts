import type { OperationDocs } from "../operation-docs.js";
import { responses } from "../responses.js";

const tag: OperationDocs["tag"] = "Authentication";

export const authOperations = {
  login: {
    tag,
    summary: "Log in: HTTP Basic credentials for a token (or check a token)",
    description:
      "With HTTP Basic credentials: a new token in the `X-SDS-AUTH-TOKEN` response header (also as a cookie with " +
      "`?using-cookies=true`). With a valid `X-SDS-AUTH-TOKEN` instead: 200 with the same token.",
    auth: "login",
    query: {
      "using-cookies": {
        description: "`true`: also set the token as a cookie",
        schema: { type: "string", enum: ["true", "false"] },
      },
    },
    responses: { 200: responses.loggedIn },
  },
  proxyToken: {
    tag,
    summary: "A proxy token for the caller, to act on its behalf",
    responses: {
      200: {
        kind: "empty",
        description: "The proxy token is in the `X-SDS-AUTH-PROXY-TOKEN` header",
        headers: { "X-SDS-AUTH-PROXY-TOKEN": "the proxy token" },
      },
    },
    refusals: [3000],
  },
  logout: {
    tag,
    summary: "Log out: revoke the token",
    query: {
      proxytokens: {
        description: "`true`: also revoke the user's proxy tokens",
        schema: { type: "string", enum: ["true", "false"] },
      },
    },
    responses: { 200: responses.loggedOut },
  },
  whoAmI: { tag, summary: "The caller's name, tenant and roles", responses: { 200: responses.whoAmI } },
  targetVersion: {
    tag,
    summary: "The upgrade target version (none: the ViPR CLI calls it after login)",
    responses: { 200: responses.targetVersion },
  },
} satisfies Record<string, OperationDocs>;
