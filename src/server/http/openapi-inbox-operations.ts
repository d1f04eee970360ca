import { ApiError } from "../../shared/api/errors.ts";
import {
  Conversation,
  ConversationPage,
  InboxSettings,
  MessagePage,
  MessageTemplate,
  MessageTemplateList,
  RenderedTemplate,
  ReplyAccepted,
} from "../../shared/api/inbox.ts";
import { ConversationFilter, ThreadPage } from "../conversations/inbox-query.ts";
import {
  AssigneeInput,
  BotAction,
  ConversationPatch,
  ReplyInput,
  SettingsInput,
} from "../conversations/inbox-service.ts";
import { TemplateInput, TemplateQuery } from "../conversations/templates-service.ts";
import { type Operation, ok, text } from "./openapi-operation.ts";

const notHere = ok("Not a conversation of this workspace", ApiError);

/** The inbox (routes/conversations.ts). */
export const INBOX_OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/conversations",
    summary:
      "Conversations, most recent first: filters (account, unread, priority, assigned, handed over, window open, tag), text search, cursor paging",
    tag: "inbox",
    query: ConversationFilter,
    responses: { 200: ok("A page", ConversationPage) },
  },
  {
    method: "get",
    path: "/api/conversations/stream",
    summary: "Server-Sent Events: `conversation` with each conversation as it changes (any process)",
    tag: "inbox",
    responses: { 200: text("Event stream", "text/event-stream") },
  },
  {
    method: "get",
    path: "/api/conversations/{id}",
    summary: "One conversation: person, window (canReplyUntil, humanAgentUntil), bot state, tags",
    tag: "inbox",
    responses: { 200: ok("The conversation", Conversation), 404: notHere },
  },
  {
    method: "get",
    path: "/api/conversations/{id}/messages",
    summary:
      "The thread, newest first, cursor-paged: direction, type, text, what it refers to, sender, status",
    tag: "inbox",
    query: ThreadPage,
    responses: { 200: ok("A page", MessagePage), 404: notHere },
  },
  {
    method: "post",
    path: "/api/conversations/{id}/messages",
    summary:
      "Reply (agent and above): inside 24 h a normal message; 24 h–7 d tagged HUMAN_AGENT when the workspace allows it; pauses the bot",
    tag: "inbox",
    body: ReplyInput,
    responses: {
      202: ok("Accepted; a worker sends it", ReplyAccepted),
      400: ok("Empty, or over 1000 UTF-8 bytes (the limit is named)", ApiError),
      404: notHere,
      409: ok("window_closed: when the window closed and why", ApiError),
    },
  },
  {
    method: "post",
    path: "/api/conversations/{id}/read",
    summary: "Mark the conversation read",
    tag: "inbox",
    responses: { 200: ok("The conversation", Conversation), 404: notHere },
  },
  {
    method: "patch",
    path: "/api/conversations/{id}",
    summary: "Set the priority flag; add or remove tags",
    tag: "inbox",
    body: ConversationPatch,
    responses: { 200: ok("The conversation", Conversation), 404: notHere },
  },
  {
    method: "put",
    path: "/api/conversations/{id}/assignee",
    summary: "Assign to a member (null: unassign); plan feature `assignment`",
    tag: "inbox",
    body: AssigneeInput,
    responses: {
      200: ok("The conversation", Conversation),
      402: ok("Not in the plan", ApiError),
      404: notHere,
    },
  },
  {
    method: "post",
    path: "/api/conversations/{id}/bot",
    summary: "The bot here: pause (minutes), resume, or release (ends a hand-over)",
    tag: "inbox",
    body: BotAction,
    responses: { 200: ok("The conversation", Conversation), 404: notHere },
  },
  {
    method: "get",
    path: "/api/inbox/templates",
    summary:
      "Message templates, most used first; `q` searches name and content (plan feature `inbox_templates`)",
    tag: "inbox",
    query: TemplateQuery,
    responses: { 200: ok("Templates", MessageTemplateList), 402: ok("Not in the plan", ApiError) },
  },
  {
    method: "post",
    path: "/api/inbox/templates",
    summary:
      "Create a template: name, category, content with {{first_name}}, {{username}}, {{name}}, fields, {{x|fallback}}",
    tag: "inbox",
    body: TemplateInput,
    responses: { 201: ok("The template", MessageTemplate), 402: ok("Not in the plan", ApiError) },
  },
  {
    method: "put",
    path: "/api/inbox/templates/{id}",
    summary: "Replace a template",
    tag: "inbox",
    body: TemplateInput,
    responses: { 200: ok("The template", MessageTemplate), 404: ok("Not in this workspace", ApiError) },
  },
  {
    method: "delete",
    path: "/api/inbox/templates/{id}",
    summary: "Delete a template",
    tag: "inbox",
    responses: { 204: ok("Deleted"), 404: ok("Not in this workspace", ApiError) },
  },
  {
    method: "post",
    path: "/api/conversations/{id}/templates/{templateId}/render",
    summary: "A template rendered for this conversation's person (counts as a use)",
    tag: "inbox",
    responses: { 200: ok("The text", RenderedTemplate), 404: notHere },
  },
  {
    method: "get",
    path: "/api/inbox/settings",
    summary: "The workspace's inbox settings (human-agent replies, bot pause, follow-up hours)",
    tag: "inbox",
    responses: { 200: ok("Settings", InboxSettings) },
  },
  {
    method: "put",
    path: "/api/inbox/settings",
    summary: "Change the inbox settings (admins). Human-agent replies need Meta to approve the permission",
    tag: "inbox",
    body: SettingsInput,
    responses: { 200: ok("Settings", InboxSettings), 403: ok("Needs admin", ApiError) },
  },
];
