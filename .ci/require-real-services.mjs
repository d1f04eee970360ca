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
