import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";
import { AppError } from "../errors.ts";

/**
 * A phone number as E.164 (+14155552671), or a 400 naming the field. Numbers without a country
 * prefix are read in `defaultCountry` when one is given (an import's setting), else refused:
 * guessing a country would make wa.me links to strangers.
 */
export function toE164(raw: string, defaultCountry?: CountryCode): string {
  const parsed = parsePhoneNumberFromString(raw, defaultCountry ? { defaultCountry } : undefined);
  if (!parsed?.isValid()) {
    throw new AppError(
      "validation_failed",
      "phone: not a valid phone number (use +<country code> <number>)",
      [{ path: ["phone"], message: "not a valid phone number" }],
    );
  }
  return parsed.number;
}
