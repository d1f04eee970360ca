import { defineConfig } from "vitest/config";

/**
 * `npm run test:chaos`: the chaos suite (test/chaos), apart from `npm test`. One scenario at a
 * time (each drives real autodm processes hard on a small machine); CHAOS_SHORT=1 is the
 * short version CI runs. See docs/reliability.md.
 */
export default defineConfig({
  test: {
    globalSetup: ["./test/support/global-setup.ts"],
    pool: "forks",
    include: ["test/chaos/**/*.chaos.test.ts"],
    fileParallelism: false,
    testTimeout: 3_600_000,
    hookTimeout: 300_000,
  },
});
