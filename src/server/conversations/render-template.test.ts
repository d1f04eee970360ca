import { describe, expect, it } from "vitest";
import { renderTemplate } from "./render-template.ts";

const anna = { name: "Anna Maria Lopez", username: "anna.l", fields: { city: "Lyon", empty: " " } };
const nobody = { name: null, username: null, fields: {} };

describe("renderTemplate", () => {
  it("fills the person's first name, name, username and custom fields", () => {
    expect(renderTemplate("Hi {{first_name}} ({{ username }}) from {{city}}, {{name}}", anna)).toBe(
      "Hi Anna (@anna.l) from Lyon, Anna Maria Lopez",
    );
  });

  it("uses the fallback when a value is missing or blank", () => {
    expect(renderTemplate("Hi {{first_name|there}}, in {{empty|your city}}", nobody)).toBe(
      "Hi there, in your city",
    );
    expect(renderTemplate("{{empty|your city}}", anna)).toBe("your city");
  });

  it("drops an unknown or empty variable without leaving braces or double spaces", () => {
    expect(renderTemplate("Hi {{first_name}}! See you {{unknown}} soon", nobody)).toBe("Hi! See you soon");
    expect(renderTemplate("{{first_name}} welcome", nobody)).toBe("welcome");
  });

  it("leaves text that only looks like a variable alone", () => {
    expect(renderTemplate("Use {curly} and {{ }} as is", anna)).toBe("Use {curly} and {{ }} as is");
  });
});
