import { DmSendInput, DmStatusView, WhatsAppComingSoon } from "../../shared/api/dm.ts";
import { ApiError } from "../../shared/api/errors.ts";
import {
  BulkAction,
  BulkResult,
  LeadExportQuery,
  LeadFilter,
  LeadInput,
  LeadPage,
  LeadPatch,
  LeadSaved,
  LeadView,
} from "../../shared/api/leads.ts";
import { ImportPreview, ImportResult, ImportUpload } from "../../shared/api/leads-import.ts";
import { type Operation, ok, text } from "./openapi-operation.ts";

const forbidden = ok("Your role may not do this", ApiError);
const missing = ok("No such lead in this workspace", ApiError);

/** Leads (routes/leads.ts). */
export const LEAD_OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/leads",
    summary: "Leads: search, filter by source / DM status / tag / creation date, sort, cursor-paged",
    tag: "leads",
    query: LeadFilter,
    responses: { 200: ok("A page of leads", LeadPage), 400: ok("Bad filter or cursor", ApiError) },
  },
  {
    method: "get",
    path: "/api/leads/export.csv",
    summary:
      "The leads matching the list's filters as CSV (UTF-8, header row, RFC 4180; cells starting with = + - @ are prefixed with ' so spreadsheets show them as text), streamed",
    tag: "leads",
    query: LeadExportQuery,
    responses: {
      200: text("CSV, one lead a record", "text/csv"),
      400: ok("Bad filter", ApiError),
    },
  },
  {
    method: "post",
    path: "/api/leads",
    summary: "Create a lead; one with the same Instagram id or email is updated instead (200)",
    tag: "leads",
    body: LeadInput,
    responses: {
      201: ok("Created", LeadSaved),
      200: ok("Merged into the existing lead", LeadSaved),
      400: ok("Invalid (per field)", ApiError),
      403: forbidden,
    },
  },
  {
    method: "post",
    path: "/api/leads/bulk",
    summary: "Tag, untag or delete many leads at once",
    tag: "leads",
    body: BulkAction,
    responses: { 200: ok("How many leads changed", BulkResult), 403: forbidden },
  },
  {
    method: "post",
    path: "/api/leads/import/preview",
    summary:
      "Read a CSV file (multipart `file`, or a text/csv body): its columns, first rows and a suggested column mapping",
    tag: "leads",
    body: ImportUpload,
    bodyType: "multipart",
    responses: {
      200: ok("Columns, first rows, row count, suggested mapping", ImportPreview),
      400: ok("Not a CSV file / no header", ApiError),
      403: forbidden,
      413: ok("The file is over 5 MB", ApiError),
    },
  },
  {
    method: "post",
    path: "/api/leads/import",
    summary:
      "Import leads from a CSV file with a column mapping (JSON: header → target): each row upserted by Instagram id or email with source import; bad rows reported with their row number",
    tag: "leads",
    body: ImportUpload,
    bodyType: "multipart",
    responses: {
      200: ok("Counts and the refused rows", ImportResult),
      400: ok("Bad mapping or not a CSV file", ApiError),
      403: forbidden,
      413: ok("The file is over 5 MB", ApiError),
    },
  },
  {
    method: "post",
    path: "/api/leads/from-contact/{contactId}",
    summary: "Turn a conversation (contact) into a lead, or update its lead",
    tag: "leads",
    responses: {
      201: ok("Created", LeadSaved),
      200: ok("Its lead, updated", LeadSaved),
      404: ok("No such conversation in this workspace", ApiError),
    },
  },
  {
    method: "get",
    path: "/api/leads/{id}",
    summary: "One lead, with its DM status",
    tag: "leads",
    responses: { 200: ok("The lead", LeadView), 404: missing },
  },
  {
    method: "patch",
    path: "/api/leads/{id}",
    summary: "Change a lead's details, notes, tags or fields",
    tag: "leads",
    body: LeadPatch,
    responses: {
      200: ok("The lead", LeadView),
      404: missing,
      409: ok("Another lead has this email", ApiError),
      403: forbidden,
    },
  },
  {
    method: "delete",
    path: "/api/leads/{id}",
    summary: "Delete a lead",
    tag: "leads",
    responses: { 204: ok("Deleted"), 404: missing, 403: forbidden },
  },
  {
    method: "post",
    path: "/api/dm/send",
    summary:
      "Send a DM to a lead (or the person with this Instagram id) through the Sender: window rules, pacing, once per idempotencyKey",
    tag: "dm",
    body: DmSendInput,
    responses: {
      202: ok(
        "Accepted: the lead's DM status (pending; a repeated key answers the first call's)",
        DmStatusView,
      ),
      400: ok("Invalid (per field)", ApiError),
      401: ok("No or bad credentials (Authorization: Bearer <API key>)", ApiError),
      403: ok("The key's role may not send (editor and up)", ApiError),
      404: ok("No such lead / person in this workspace", ApiError),
      409: ok("window_closed (no message from the person in 24 h), or no Instagram conversation", ApiError),
      429: ok("Too many calls: see Retry-After", ApiError),
      501: ok(
        "WhatsApp: coming soon, with a wa.me deep link (the lead becomes coming_soon)",
        WhatsAppComingSoon,
      ),
    },
  },
  {
    method: "get",
    path: "/api/dm/status/{leadId}",
    summary: "A lead's DM status: attempts, last error, message id, timestamps",
    tag: "dm",
    responses: { 200: ok("Status", DmStatusView), 401: ok("No credentials", ApiError), 404: missing },
  },
  {
    method: "post",
    path: "/api/dm/retry/{leadId}",
    summary: "Re-send a failed DM",
    tag: "dm",
    responses: {
      202: ok("Accepted", DmStatusView),
      404: missing,
      409: ok("Not failed (or the window closed)", ApiError),
      429: ok("Too many calls: see Retry-After", ApiError),
    },
  },
];
