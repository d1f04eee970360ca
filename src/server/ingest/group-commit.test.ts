import { describe, expect, it } from "vitest";
import { GroupCommit } from "./group-commit.ts";

/** A flush the test releases by hand, recording each batch. */
function manualFlush() {
  const batches: number[][] = [];
  const releases: (() => void)[] = [];
  const flush = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(items);
      releases.push(() => (items.includes(-1) ? reject(new Error("db down")) : resolve(items.map(String))));
    });
  return { batches, releases, flush };
}

describe("GroupCommit", () => {
  it("flushes a lone item at once, and batches the items that arrive during a flush", async () => {
    const m = manualFlush();
    const g = new GroupCommit(m.flush, { maxBatch: 100, parallel: 1 });
    const first = g.submit(1);
    expect(m.batches).toEqual([[1]]);
    const rest = [2, 3, 4].map((n) => g.submit(n));
    expect(m.batches).toHaveLength(1); // waiting for the first flush
    m.releases[0]?.();
    expect(await first).toBe("1");
    await Promise.resolve();
    expect(m.batches[1]).toEqual([2, 3, 4]);
    m.releases[1]?.();
    expect(await Promise.all(rest)).toEqual(["2", "3", "4"]);
  });

  it("caps a batch, runs up to `parallel` flushes, and fails only the batch that failed", async () => {
    const m = manualFlush();
    const g = new GroupCommit(m.flush, { maxBatch: 2, parallel: 2 });
    const results = [1, -1, 3, 4, 5].map((n) => g.submit(n).catch((e: Error) => e.message));
    expect(m.batches).toEqual([[1], [-1]]);
    m.releases[0]?.();
    m.releases[1]?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(m.batches.slice(2)).toEqual([[3, 4], [5]]);
    m.releases[2]?.();
    m.releases[3]?.();
    expect(await Promise.all(results)).toEqual(["1", "db down", "3", "4", "5"]);
  });

  it("retries a failed batch item by item when the failure may be one item's own, so only it fails", async () => {
    const batches: number[][] = [];
    const flush = async (items: number[]) => {
      batches.push(items);
      if (items.includes(-1)) throw new Error("poison");
      if (items.includes(-2)) throw new Error("db down");
      return items.map(String);
    };
    const g = new GroupCommit(flush, {
      maxBatch: 10,
      parallel: 1,
      isolate: (err) => (err as Error).message === "poison",
    });
    const settle = (n: number) => g.submit(n).catch((e: Error) => e.message);
    const first = settle(0);
    const poisoned = [1, -1, 2, 3].map(settle);
    expect(await first).toBe("0");
    expect(await Promise.all(poisoned)).toEqual(["1", "poison", "2", "3"]);
    expect(batches.slice(1)).toEqual([[1, -1, 2, 3], [1], [-1], [2], [3]]);
    // An outage fails the batch as a whole: retrying one by one would only multiply it.
    batches.length = 0;
    const lone = settle(6);
    const down = [4, -2, 5].map(settle);
    expect(await lone).toBe("6");
    expect(await Promise.all(down)).toEqual(["db down", "db down", "db down"]);
    expect(batches).toEqual([[6], [4, -2, 5]]);
  });
});
