// Fails CI when the tests meant to run on real PostgreSQL and Redis did not run (skipped,
// filtered out, or absent): a green run on PGlite alone would hide a broken production path.
import fs from "node:fs";

const report = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const tests = report.testResults.flatMap((file) => file.assertionResults);
const tally = { postgres: { passed: 0, other: 0 }, "postgres+redis": { passed: 0, other: 0 } };
for (const t of tests) {
  const name = t.fullName ?? [...t.ancestorTitles, t.title].join(" ");
  const backend = / on postgres\+redis\b/.test(name)
    ? "postgres+redis"
    : / on postgres\b/.test(name)
      ? "postgres"
      : null;
  if (!backend) continue;
  if (t.status === "passed") tally[backend].passed++;
  else tally[backend].other++;
}
console.log(`real-service tests: ${JSON.stringify(tally)}`);
for (const [backend, { passed, other }] of Object.entries(tally)) {
  if (passed === 0 || other > 0) {
    console.error(`FAIL: tests on ${backend} — ${passed} passed, ${other} skipped or failed`);
    process.exit(1);
  }
}

// The browser tests must have run too (CI installs Chromium and sets REQUIRE_E2E=1).
const e2e = report.testResults
  .filter((file) => /[\\/]e2e[\\/].*\.e2e\.test\.ts$/.test(file.name))
  .flatMap((file) => file.assertionResults);
const e2ePassed = e2e.filter((t) => t.status === "passed").length;
console.log(`browser tests: ${e2ePassed} passed of ${e2e.length}`);
if (e2ePassed === 0 || e2ePassed < e2e.length) {
  console.error(`FAIL: browser tests — ${e2ePassed} passed, ${e2e.length - e2ePassed} skipped or failed`);
  process.exit(1);
}
