/**
 * Every table that holds a person's data, and how a data-deletion request removes it
 * (person-deletion.ts runs the entries in this order). A new table with personal data is listed
 * here, or the person is not deleted: person-data.int.test.ts fails for a table of the app's
 * schema with a person column that is missing.
 *
 * `personColumn` holds either the person's Instagram-scoped id (`identifies: "igsid"`) or the id
 * of a contact row that is them (`identifies: "contact"`, matched through autodm.contacts.igsid).
 */
export interface PersonDataTable {
  table: string;
  personColumn: string;
  identifies: "igsid" | "contact";
  /**
   * `delete-row`: the rows are the person's and go. `via-contact`: they go with the contact row
   * (a foreign key ON DELETE CASCADE, checked by the test). `erase`: the rows stay for the
   * workspace's counts but the person's columns are overwritten with `erase`. `custom`: its own
   * step in person-deletion.ts (raw webhook bodies shared with other people, leads).
   */
  deletion: "delete-row" | "via-contact" | "erase" | "custom";
  /** For `erase`: column → the SQL constant it becomes. */
  erase?: Readonly<Record<string, string>>;
}

export const PERSON_DATA: readonly PersonDataTable[] = [
  // Raw webhook bodies and the events parsed from them (parked events cascade with the event).
  { table: "autodm.inbound_events", personColumn: "person_id", identifies: "igsid", deletion: "custom" },
  { table: "autodm.webhook_payloads", personColumn: "body", identifies: "igsid", deletion: "custom" },
  // What autodm sent them: by recipient (DMs) and by contact (private replies go to a comment id).
  {
    table: "autodm.outbound_messages",
    personColumn: "recipient_id",
    identifies: "igsid",
    deletion: "delete-row",
  },
  {
    table: "autodm.outbound_messages",
    personColumn: "contact_id",
    identifies: "contact",
    deletion: "delete-row",
  },
  // The activity log keeps its rows (a workspace's statistics) without who or what was said.
  {
    table: "autodm.activity",
    personColumn: "person_id",
    identifies: "igsid",
    deletion: "erase",
    erase: {
      person_id: "'erased'",
      person_username: "null",
      incoming_text: "null",
      response_text: "null",
      detail: "null",
      meta_error_message: "null",
      contact_id: "null",
    },
  },
  // A lead that came from Instagram goes; one given another way (a form, an import) loses its
  // Instagram link only.
  { table: "autodm.leads", personColumn: "instagram_id", identifies: "igsid", deletion: "custom" },
  // Last: the contact row, and what cascades with it.
  { table: "autodm.contacts", personColumn: "igsid", identifies: "igsid", deletion: "delete-row" },
  // The inbox: a conversation is the contact; its messages cascade with it.
  {
    table: "autodm.conversations",
    personColumn: "contact_id",
    identifies: "contact",
    deletion: "via-contact",
  },
  {
    table: "autodm.messages",
    personColumn: "conversation_id",
    identifies: "contact",
    deletion: "via-contact",
  },
  {
    table: "autodm.parked_events",
    personColumn: "contact_id",
    identifies: "contact",
    deletion: "via-contact",
  },
  {
    table: "autodm.automation_runs",
    personColumn: "contact_id",
    identifies: "contact",
    deletion: "via-contact",
  },
  { table: "autodm.ai_turns", personColumn: "contact_id", identifies: "contact", deletion: "via-contact" },
];

/**
 * Tables with a person-like column that hold no real person's data: the sandbox's simulated
 * people, and rows that only point at a person through a table listed above.
 */
export const NOT_PERSON_DATA: readonly string[] = [
  "autodm.sandbox_people",
  "autodm.sandbox_messages",
  "autodm.sandbox_comments",
  "autodm.sandbox_deliveries",
];
