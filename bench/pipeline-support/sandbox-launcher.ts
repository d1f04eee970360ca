import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Starts the simulated Instagram in its own process (sandbox-process.ts) on its own
 * database, so neither its CPU nor its statements are autodm's. Resolves once it listens.
 */
export async function startSandboxProcess(databaseUrl: string, port: number, webhookUrl: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(path.dirname(fileURLToPath(import.meta.url)), "sandbox-process.ts")],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, SANDBOX_PORT: String(port), WEBHOOK_URL: webhookUrl },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d) => {
      out += d;
      if (out.includes('"ready"')) resolve();
    });
    child.once("exit", (code) => reject(new Error(`sandbox process exited with ${code}`)));
  });
  return {
    pid: child.pid ?? -1,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
