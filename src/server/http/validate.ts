import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { z } from "zod";
import { AppError } from "../errors.ts";

/**
 * zod validation for a request part, failing with our error shape:
 * 400 `{error:{code:"validation_failed", message:"<field>: <problem>"}}`.
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const first = result.error.issues[0];
      const where = first?.path.length ? `${first.path.join(".")}: ` : "";
      throw new AppError(
        "validation_failed",
        `${where}${first?.message ?? "invalid input"}`,
        result.error.issues,
      );
    }
  });
}
