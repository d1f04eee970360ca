import { z } from "zod";

/** What Meta POSTs to the data-deletion and deauthorize callbacks (a form field). */
export const SignedRequestForm = z.object({ signed_request: z.string().min(1).max(8192) });

/** The data-deletion callback's answer, as Meta requires it. */
export const DataDeletionAnswer = z.object({ url: z.string().url(), confirmation_code: z.string() });
export type DataDeletionAnswer = z.infer<typeof DataDeletionAnswer>;

export const DeauthorizeAnswer = z.object({ ok: z.literal(true) });
