import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Embedded mode keeps the session-signing secret beside the token keys. */
export function authSecretPath(dataDir: string): string {
  return path.join(dataDir, "secrets", "auth-secret");
}

/**
 * AUTH_SECRET when set (required with DATABASE_URL: every process must share it); otherwise a
 * secret generated once into DATA_DIR/secrets/auth-secret (mode 0600) and reused after.
 */
export function loadAuthSecret(options: { secret: string | undefined; dataDir: string }): string {
  if (options.secret) return options.secret;
  const file = authSecretPath(options.dataDir);
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  const fd = fs.openSync(file, "wx", 0o600);
  try {
    fs.fchmodSync(fd, 0o600);
    fs.writeFileSync(fd, `${secret}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return secret;
}
