/**
 * Every table that holds a person's data, and how the data-deletion callback removes them.
 * `personColumn` identifies the person in that table (their Instagram-scoped id, or the contact
 * that is them); a new table with personal data is listed here, or the person is not deleted.
 */
export interface PersonDataTable {
  table: string;
  personColumn: string;
  /** `delete-row`: the row is the person's; `via-contact`: it goes with their contact row. */
  deletion: "delete-row" | "via-contact";
}

export const PERSON_DATA: readonly PersonDataTable[] = [
  { table: "autodm.contacts", personColumn: "igsid", deletion: "delete-row" },
  // A lead outlives its contact (contact_id is set null), so it is deleted by Instagram id.
  { table: "autodm.leads", personColumn: "instagram_id", deletion: "delete-row" },
  // The inbox: a conversation is the contact; its messages cascade with it.
  { table: "autodm.conversations", personColumn: "contact_id", deletion: "via-contact" },
  { table: "autodm.messages", personColumn: "conversation_id", deletion: "via-contact" },
  // Events parked while the account was not connected cascade with the contact too.
  { table: "autodm.parked_events", personColumn: "contact_id", deletion: "via-contact" },
];
