import { describe, expect, it } from "vitest";
import {
  CROSS_LINGUAL,
  HELD_OUT,
  PARAPHRASES,
  STUDIO_FAQ,
  UNANSWERABLE,
} from "../../../test/support/studio-faq.ts";
import { OfflineResponder } from "./offline-responder.ts";
import { searchTerms } from "./search-terms.ts";

const share = (pairs: [string, number][], r: OfflineResponder) =>
  pairs.filter(([q, i]) => {
    const a = r.answer(q);
    return a.kind === "answer" && a.entry === i;
  }).length / pairs.length;

describe("search terms", () => {
  it("ignores case, accents and punctuation, and drops stop words", () => {
    expect(searchTerms("¿Cuánto CUESTA el curso?")).toEqual(searchTerms("cuanto cuesta curso"));
    expect(searchTerms("What's the price?")).toEqual(["price", "#price"]);
  });
  it("stems plurals and -ing forms and maps customer words to one concept", () => {
    expect(searchTerms("deliveries")).toContain("#delivery");
    expect(searchTerms("shipping")).toEqual(searchTerms("ship"));
    expect(searchTerms("how much")).toContain("#price");
    expect(searchTerms("livraison")).toContain("#delivery");
  });
});

describe("the offline responder", () => {
  const responder = new OfflineResponder(STUDIO_FAQ);

  it(`answers paraphrased questions with the right entry of a ${STUDIO_FAQ.length}-entry FAQ`, () => {
    const tuned = share(PARAPHRASES, responder);
    const heldOut = share(HELD_OUT, responder);
    const fellBack = UNANSWERABLE.filter((q) => responder.answer(q).kind === "no_match").length;
    process.stdout.write(
      `offline responder: ${(tuned * 100).toFixed(1)}% of ${PARAPHRASES.length} paraphrases (lexicon tuned on them), ` +
        `${(heldOut * 100).toFixed(1)}% of ${HELD_OUT.length} held-out, ${fellBack}/${UNANSWERABLE.length} off-topic → fallback\n`,
    );
    expect(STUDIO_FAQ.length).toBeGreaterThanOrEqual(30);
    expect(tuned).toBeGreaterThanOrEqual(0.9);
    expect(heldOut).toBeGreaterThanOrEqual(0.8);
    expect(fellBack).toBeGreaterThanOrEqual(UNANSWERABLE.length - 2);
  });

  it("answers some Spanish, Portuguese and French questions from an English FAQ", () => {
    const crossed = share(CROSS_LINGUAL, responder);
    process.stdout.write(
      `offline responder, other languages: ${(crossed * 100).toFixed(0)}% of ${CROSS_LINGUAL.length}\n`,
    );
    expect(crossed).toBeGreaterThanOrEqual(0.5);
  });

  it("answers with the entry's own text and a confidence", () => {
    const a = responder.answer("HOW MUCH is the online course??");
    expect(a).toEqual({
      kind: "answer",
      entry: 0,
      text: STUDIO_FAQ[0]?.answer,
      confidence: expect.any(Number),
    });
  });

  it("says why it has nothing: empty FAQ, no meaningful word, nothing close enough", () => {
    expect(new OfflineResponder([]).answer("price?")).toMatchObject({
      kind: "no_match",
      reason: "empty_faq",
    });
    expect(responder.answer("hi, thanks!")).toMatchObject({ kind: "no_match", reason: "no_terms" });
    expect(responder.answer("who won the football match")).toMatchObject({
      kind: "no_match",
      reason: "low_confidence",
    });
  });
});
