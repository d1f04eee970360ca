import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { AiOverrides } from "../../../shared/ai-settings.ts";
import { errorMessage } from "../../lib/api-client.ts";
import { Button } from "../../ui/button.tsx";
import { Badge, Card } from "../../ui/card.tsx";
import { aiApi, type PreviewNote } from "./ai-api.ts";
import { TextAreaField } from "./text-area-field.tsx";

function outcomeText(note: PreviewNote): string {
  switch (note.outcome) {
    case "answer":
      return `Answered by ${note.label}`;
    case "offline_answer":
      return "Answered from your FAQ (offline answers)";
    case "handover":
      return note.reason === "handover_requested"
        ? "Hand-over: the message asked for a person"
        : "Hand-over after a provider failure";
    case "fallback":
      return note.reason === "no_faq_match"
        ? "Fallback message: nothing in the FAQ matched well"
        : `Fallback message (${note.reason ?? "provider failure"})`;
  }
}

/**
 * Ask a question and see the answer a person would get — with the form's current (unsaved)
 * settings when they are valid. Nothing is sent to Instagram; it counts in the month's usage.
 */
export function TryItBox({
  accountId,
  overrides,
}: {
  accountId: string;
  overrides: () => AiOverrides | undefined;
}) {
  const [message, setMessage] = useState("");
  const [error, setError] = useState<string>();
  const preview = useMutation({
    mutationFn: (text: string) => aiApi.preview(accountId, text, overrides()),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!message.trim()) {
      setError("Type a message a customer might send.");
      return;
    }
    setError(undefined);
    preview.mutate(message.trim());
  };
  return (
    <Card>
      <h2 className="text-lg font-semibold">Try it</h2>
      <p className="mt-1 text-sm text-slate-600">
        Ask what a customer would. The answer uses the settings on this page, saved or not; nothing is sent.
      </p>
      <form onSubmit={submit} noValidate className="mt-3 flex flex-col gap-3">
        <TextAreaField
          label="Customer message"
          rows={2}
          maxLength={1000}
          value={message}
          error={error}
          placeholder="Do you ship internationally?"
          onChange={(e) => setMessage(e.target.value)}
        />
        <div>
          <Button type="submit" busy={preview.isPending}>
            Try it
          </Button>
        </div>
      </form>
      <div aria-live="polite">
        {preview.isError && (
          <p role="alert" className="mt-3 rounded-lg bg-red-50 p-3 text-sm text-red-900">
            {errorMessage(preview.error)}
          </p>
        )}
        {preview.data && (
          <figure className="mt-4">
            <figcaption className="mb-2 flex flex-wrap items-center gap-2 text-xs text-slate-600">
              <Badge tone={preview.data.note.outcome === "fallback" ? "amber" : "violet"}>
                {outcomeText(preview.data.note)}
              </Badge>
              {typeof preview.data.note.confidence === "number" && (
                <span>match {Math.round(preview.data.note.confidence * 100)}%</span>
              )}
              {preview.data.note.inputTokens !== undefined && (
                <span>{preview.data.note.inputTokens + (preview.data.note.outputTokens ?? 0)} tokens</span>
              )}
            </figcaption>
            <blockquote
              aria-label="Reply"
              className="max-w-md whitespace-pre-wrap rounded-2xl rounded-bl-sm bg-slate-100 px-4 py-2 text-sm text-slate-900"
            >
              {preview.data.text}
            </blockquote>
          </figure>
        )}
      </div>
    </Card>
  );
}
