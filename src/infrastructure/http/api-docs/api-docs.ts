import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { AUTH_TOKEN_HEADER } from "../auth/credentials.js";
import { API_DOCS_PREFIX, isUndocumentedRoute } from "./api-docs-paths.js";
import { operationSchema, SchemaComponents } from "./openapi-operation.js";
import { API_TAGS } from "./operation-docs.js";

const DESCRIPTION = `The REST API of the EMC ViPR Controller (CoprHD 3.6) as coprsim serves it, and the simulator's
own \`/sim\` API.

Every operation speaks JSON and XML: a request body's format is its \`Content-Type\` (\`application/json\` or
\`application/xml\`; without one, 415), the response's follows the \`Accept\` header (without one, XML; one
that takes neither, 406). Get a token with \`GET /login\` (HTTP Basic, e.g. \`root\` /
\`ChangeMe\`), then send it as \`X-SDS-AUTH-TOKEN\` ("Authorize" above). Asynchronous operations
answer 202 with tasks, shown \`pending\`: poll \`GET /vdc/tasks/{id}\` until \`ready\` or \`error\`. A refused request answers
with the ViPR error body (\`code\`, \`description\`, \`details\`, \`retryable\`) and changes nothing.`;

/**
 * The OpenAPI document, generated from the documentation routes carry (`config.apiDocs`), at
 * `/apidocs/json` (and `/yaml`), and the Swagger UI page at `/apidocs`. Register it on the root
 * app before the route plugins: the generator sees only the routes declared once it has loaded.
 */
export function registerApiDocs(app: FastifyInstance): void {
  const components = new SchemaComponents();
  app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: { title: "coprsim: ViPR Controller REST API", version: "3.6", description: DESCRIPTION },
      components: {
        securitySchemes: {
          authToken: { type: "apiKey", in: "header", name: AUTH_TOKEN_HEADER },
          basicAuth: { type: "http", scheme: "basic" },
        },
      },
      security: [{ authToken: [] }],
      tags: Object.entries(API_TAGS).map(([name, description]) => ({ name, description })),
    },
    transform: ({ url, route }) => {
      const docs = route.config?.apiDocs;
      if (docs === undefined || isUndocumentedRoute(url)) return { url, schema: { hide: true } };
      return { url, schema: operationSchema(docs, url, components) as never };
    },
    // The operations' shared schemas, collected while the operations were generated.
    transformObject: (documentObject) => {
      const { openapiObject } = documentObject as { openapiObject: { components?: object } };
      return { ...openapiObject, components: { ...openapiObject.components, schemas: components.all() } } as never;
    },
  });
  app.register(swaggerUi, {
    routePrefix: API_DOCS_PREFIX,
    uiConfig: { persistAuthorization: true, docExpansion: "list", defaultModelsExpandDepth: 0 },
  });
}
