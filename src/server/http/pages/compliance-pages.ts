import { html } from "hono/html";
import { layout } from "./page-layout.ts";

export function deletionStatusPage(
  code: string,
  state: { status: "pending" | "done"; completedAt: Date | null } | undefined,
) {
  if (!state) {
    return layout(
      "Unknown request",
      html`<h1>No deletion request ${code}</h1>
        <p>Check the confirmation code Instagram gave you.</p>`,
    );
  }
  return state.status === "done"
    ? layout(
        "Data deleted",
        html`<h1>Your data has been deleted</h1>
          <p>Request <code>${code}</code>: done on ${state.completedAt?.toISOString().slice(0, 10) ?? ""}.
            Your messages, profile details and everything autodm stored about you were removed from every workspace.</p>`,
      )
    : layout(
        "Deletion in progress",
        html`<h1>Your data is being deleted</h1>
          <p>Request <code>${code}</code>: pending. This page shows when it is done, usually within minutes.</p>`,
      );
}
