import { describe, expect, it } from "vitest";
import { embedFor } from "./video-embed-url.ts";

describe("embedFor", () => {
  it("turns YouTube and Vimeo page links into their players", () => {
    expect(embedFor("https://www.youtube.com/watch?v=abc123")).toEqual({
      kind: "iframe",
      src: "https://www.youtube-nocookie.com/embed/abc123",
    });
    expect(embedFor("https://youtu.be/xyz")).toEqual({
      kind: "iframe",
      src: "https://www.youtube-nocookie.com/embed/xyz",
    });
    expect(embedFor("https://vimeo.com/76979871")).toEqual({
      kind: "iframe",
      src: "https://player.vimeo.com/video/76979871",
    });
  });

  it("keeps player links and plays anything else as a video file", () => {
    expect(embedFor("https://www.youtube.com/embed/abc").kind).toBe("iframe");
    expect(embedFor("https://cdn.example/onboarding/connect.mp4")).toEqual({
      kind: "video",
      src: "https://cdn.example/onboarding/connect.mp4",
    });
  });
});
