import { DataDeletionAnswer, DeauthorizeAnswer, SignedRequestForm } from "../../shared/api/compliance.ts";
import { ApiError } from "../../shared/api/errors.ts";
import { type Operation, ok, text } from "./openapi-operation.ts";
import { DeletionStatusQuery } from "./routes/meta-callbacks.ts";

/** The callbacks and pages Meta's App Review asks for. */
export const COMPLIANCE_OPERATIONS: Operation[] = [
  {
    method: "post",
    path: "/meta/data-deletion",
    summary: "Meta's data-deletion callback (signed_request): deletes the person's data everywhere",
    tag: "compliance",
    bodyType: "form",
    body: SignedRequestForm,
    responses: {
      200: ok("Where to follow the deletion", DataDeletionAnswer),
      400: ok("Missing, malformed or wrongly signed signed_request", ApiError),
    },
  },
  {
    method: "get",
    path: "/meta/data-deletion/status",
    summary: "The status page of a deletion request, by confirmation code",
    tag: "compliance",
    query: DeletionStatusQuery,
    responses: {
      200: text("Pending or done", "text/html"),
      400: ok("Not a confirmation code", ApiError),
      404: text("Unknown code", "text/html"),
    },
  },
  {
    method: "post",
    path: "/meta/deauthorize",
    summary: "Meta's deauthorize callback (signed_request): the account is disconnected, its token deleted",
    tag: "compliance",
    bodyType: "form",
    body: SignedRequestForm,
    responses: {
      200: ok("Done", DeauthorizeAnswer),
      400: ok("Missing, malformed or wrongly signed signed_request", ApiError),
    },
  },
];
