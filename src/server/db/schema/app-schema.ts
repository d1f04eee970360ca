import { pgSchema } from "drizzle-orm/pg-core";

/**
 * autodm's tables live in their own schema, always schema-qualified. On embedded PGlite the
 * search_path is shared with BullMQ's schema (see embedded-postgres.ts); qualifying every name
 * keeps our migrations and queries independent of it.
 */
export const app = pgSchema("autodm");
