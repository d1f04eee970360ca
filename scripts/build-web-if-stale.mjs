// Builds the dashboard when its sources changed since the last build, so `npm start` is fast
// on later runs. The fingerprint covers everything that feeds the bundle.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "dist/web");
const stamp = path.join(out, ".build-fingerprint");
const inputs = ["src/web", "src/shared", "vite.config.ts", "package-lock.json"];

function* files(p) {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return;
  if (fs.statSync(full).isDirectory()) {
    for (const entry of fs.readdirSync(full).sort()) yield* files(path.join(p, entry));
  } else yield p;
}

const hash = createHash("sha256");
for (const input of inputs) {
  for (const file of files(input)) {
    hash.update(file);
    hash.update(fs.readFileSync(path.join(root, file)));
  }
}
const fingerprint = hash.digest("hex");
const previous = fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8") : "";

if (previous === fingerprint && fs.existsSync(path.join(out, "index.html"))) {
  process.exit(0);
}
const started = Date.now();
process.stdout.write("Building the dashboard…\n");
const { build } = await import("vite");
await build({ configFile: path.join(root, "vite.config.ts"), logLevel: "warn" });
fs.writeFileSync(stamp, fingerprint);
process.stdout.write(`Dashboard built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
