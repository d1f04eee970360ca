import type { Db } from "../db/database.ts";
import type { Logger } from "../observability/logger.ts";
import { seedDefaults } from "./seed.ts";
import { loadSettings, type Settings, sandboxNow } from "./settings.ts";

export interface SandboxOptions {
  db: Db;
  logger: Logger;
  /** Where the sandbox is reachable, e.g. "http://localhost:3000/sandbox". */
  publicUrl: string;
  /** Reported version (any /vNN.N/ path is answered). */
  graphVersion: string;
  /** The app the sandbox plays Meta for: checks client_id/secret, signs webhooks with secret. */
  app: { id: string; secret: string };
  /** Where signed webhooks are POSTed. */
  webhookUrl: string;
  /** Outbox poll interval (default 200 ms). */
  deliveryIntervalMs?: number;
}

/** Per-request view: settings and the sandbox clock, read once. */
export interface Moment {
  settings: Settings;
  now: Date;
}

export class SandboxContext {
  private seeded: Promise<void> | undefined;

  constructor(readonly options: SandboxOptions) {}

  get db(): Db {
    return this.options.db;
  }
  get logger(): Logger {
    return this.options.logger;
  }

  /** Seeds the default world on first use (idempotent across processes), then reads settings. */
  async moment(): Promise<Moment> {
    if (!this.seeded) {
      this.seeded = loadSettings(this.db).then((s) => seedDefaults(this.db, sandboxNow(s)));
      this.seeded.catch(() => {
        this.seeded = undefined;
      });
    }
    await this.seeded;
    const settings = await loadSettings(this.db);
    return { settings, now: sandboxNow(settings) };
  }
}
