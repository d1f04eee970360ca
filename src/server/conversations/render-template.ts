/** What a template's variables can refer to: the person as the contact knows them. */
export interface TemplatePerson {
  name: string | null;
  username: string | null;
  fields: Record<string, string>;
}

/** Marks a variable that rendered to nothing (a private-use character no template contains). */
const EMPTY = "\uE000";
const VARIABLE = /\{\{\s*([a-zA-Z0-9_.-]+)\s*(?:\|([^}]*))?\}\}/g;

/**
 * Pure: `{{first_name}}`, `{{name}}`, `{{username}}` and contact fields (`{{city}}`), each with
 * an optional fallback (`{{first_name|there}}`). An unknown or empty variable without a
 * fallback becomes nothing, and the spaces around it collapse ("Hi {{first_name}}!" → "Hi!"),
 * so no person ever receives a raw `{{…}}`.
 */
export function renderTemplate(content: string, person: TemplatePerson): string {
  const values: Record<string, string | null> = {
    first_name: person.name?.trim().split(/\s+/)[0] || null,
    name: person.name?.trim() || null,
    username: person.username ? `@${person.username.replace(/^@/, "")}` : null,
  };
  const rendered = content.replace(VARIABLE, (_all, key: string, fallback: string | undefined) => {
    const value = key in values ? values[key] : (person.fields[key] ?? null);
    return value?.trim() ? value : (fallback?.trim() ?? EMPTY);
  });
  // A variable that rendered to nothing takes one neighbouring space with it.
  return rendered
    .replace(/ ?\uE000(?=[!?.,;:])/g, "")
    .replace(/ ?\uE000 ?/g, (m) => (m.length === 3 ? " " : ""))
    .trim();
}
