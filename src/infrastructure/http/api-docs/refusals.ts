import { MAX_BULK_IDS, readBulkIds } from "../../../application/queries/bulk-ids.js";
import { BlockConsistencyGroup } from "../../../domain/consistency-groups/block-consistency-group.js";
import { ServiceCode } from "../../../domain/shared/service-code.js";
import { ServiceError } from "../../../domain/shared/service-error.js";
import { ViprErrors } from "../../../domain/shared/vipr-errors.js";
import { decodeJsonBody } from "../codecs/json-body-decoder.js";
import { UnsupportedMediaType } from "../codecs/raw-body.js";
import { NotAcceptable } from "../codecs/reply.js";
import { decodeXmlBody } from "../codecs/xml-body-decoder.js";
import { AuthenticationRequired, type ErrorResponse, errorResponseFor } from "../error-responses.js";
import { linkTargetsBody } from "../requests/request-bodies.js";
import type { RequestBody } from "../requests/request-body.js";
import { SAMPLE_REFUSING_FAMILY_NAME } from "./sample-families.js";
import { sampleIds } from "./samples.js";

/*
 * The refusals the documentation lists, each as the app's own error mapping answers it
 * (status, headers and ViPR error body), from a sample error of that code.
 */

/** The refusal the app's own code throws for a sample request. */
function thrownBy(refusedCall: () => unknown): ServiceError {
  try {
    refusedCall();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error("the sample request was not refused");
}

function sampleGroup(): BlockConsistencyGroup {
  return BlockConsistencyGroup.create({
    id: sampleIds.consistencyGroup,
    name: "cg1",
    projectId: sampleIds.project,
    tenantId: sampleIds.tenant,
    arrayConsistency: true,
    now: 0,
  });
}

const sampleErrors = {
  [ServiceCode.URI_INVALID]: ViprErrors.invalidUri("snap1"),
  [ServiceCode.PARAMETER_NOT_FOUND]: ViprErrors.unableToFindEntity(sampleIds.target2),
  [ServiceCode.PARAMETER_MISSING]: ViprErrors.requiredParameterMissingOrEmpty("count"),
  [ServiceCode.PARAMETER_INACTIVE]: ViprErrors.entityInRequestIsInactive(sampleIds.target2),
  [ServiceCode.METHOD_NOT_SUPPORTED]: ViprErrors.operationNotSupported(SAMPLE_REFUSING_FAMILY_NAME),
  [ServiceCode.PARAMETER_INVALID]: new ServiceError(
    ServiceCode.PARAMETER_INVALID,
    "Invalid request to link 0 new targets to a snapshot session.",
  ),
  [ServiceCode.BAD_REQUEST_BODY]: thrownBy(() => decodeJsonBody('{"colour":"red"}', linkTargetsBody)),
  [ServiceCode.PARAMETER_OUT_OF_RANGE]: ViprErrors.parameterBelowMinimum("count", -1, 0),
  [ServiceCode.RESOURCE_BEING_REFERENCED]: thrownBy(() => sampleGroup().checkDeactivation(1)),
  [ServiceCode.LIMIT_EXCEEDED]: thrownBy(() =>
    readBulkIds({ ids: new Array(MAX_BULK_IDS + 1).fill(sampleIds.volume) }),
  ),
  [ServiceCode.RESOURCE_BUSY]: ViprErrors.pendingTask("snap1"),
  [ServiceCode.ENTITY_NOT_FOUND]: ViprErrors.unableToFindEntityInURL(sampleIds.session),
  [ServiceCode.ENTITY_INACTIVE]: ViprErrors.entityInURLIsInactive(sampleIds.session),
  [ServiceCode.FORBIDDEN]: ViprErrors.insufficientPermissions("alice"),
  [ServiceCode.SERVICE_UNAVAILABLE]: new ServiceError(
    ServiceCode.SERVICE_UNAVAILABLE,
    "Not ready: no answer from the database",
  ),
  [ServiceCode.DATABASE_UNREACHABLE]: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
    code: "ECONNREFUSED",
  }),
} satisfies Partial<Record<ServiceCode, Error>>;

/** A service code a request can be refused with (not the codes of a failed step). */
export type RefusalCode = keyof typeof sampleErrors;

export interface DocumentedRefusal {
  /** The service code, or for refusals that are not ViPR service errors the HTTP status. */
  readonly key: string;
  readonly response: ErrorResponse;
}

export function refusalOf(code: RefusalCode): DocumentedRefusal {
  return { key: String(code), response: errorResponseFor(sampleErrors[code]) };
}

/**
 * How the decoders refuse a malformed body of this description: an unknown JSON property
 * (400/1013) and an unknown XML element (400/1008, with its position).
 */
export function bodyRefusals(body: RequestBody<unknown>): DocumentedRefusal[] {
  const json = thrownBy(() => decodeJsonBody('{"colour":"red"}', body));
  const xml = thrownBy(() => decodeXmlBody(`<${body.root}><colour>red</colour></${body.root}>`, body));
  return [
    { key: "json-body", response: errorResponseFor(json) },
    { key: "xml-body", response: errorResponseFor(xml) },
  ];
}

export const unauthenticated: DocumentedRefusal = {
  key: "no-token",
  response: errorResponseFor(new AuthenticationRequired("No credentials were specified")),
};

export const bodyTooLarge: DocumentedRefusal = {
  key: "too-large",
  response: errorResponseFor(
    Object.assign(new Error("Request body is too large"), { code: "FST_ERR_CTP_BODY_TOO_LARGE", statusCode: 413 }),
  ),
};

export const unsupportedMediaType: DocumentedRefusal = {
  key: "media-type",
  response: errorResponseFor(new UnsupportedMediaType("text/plain")),
};

export const notAcceptable: DocumentedRefusal = {
  key: "not-acceptable",
  response: errorResponseFor(new NotAcceptable("text/plain")),
};
