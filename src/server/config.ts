import { createRequire } from "node:module";
import path from "node:path";
import { z } from "zod";
import { REPO_ROOT } from "./repo-root.ts";

/**
 * The only reader of `process.env`. Everything else receives a `Config`, so tests build one
 * directly with `loadConfig({...})`. Every variable is documented in `.env.example`.
 */

const boolWord = z.enum(["true", "false", "1", "0", "on", "off", "yes", "no"], {
  error: "expected true/false, on/off, yes/no or 1/0",
});
const isTrue = (v: string) => ["true", "1", "on", "yes"].includes(v);
const bool = (fallback: boolean) => boolWord.default(fallback ? "true" : "false").transform(isTrue);

const int = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: "expected a number" })
    .int("expected a whole number")
    .min(min, `expected at least ${min}`)
    .max(max, `expected at most ${max}`)
    .default(fallback);

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `expected a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`,
    );

const Env = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  TRUST_PROXY: int(0, 0, 10),
  PORT: int(3000, 0, 65535),
  WORKER_METRICS_PORT: int(0, 0, 65535).optional(),
  APP_URL: url(["http:", "https:"]).optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  EMBEDDED_SHARED_BUFFERS: z
    .string()
    .regex(/^\d+(kB|MB|GB)$/, 'expected a size like "32MB"')
    .default("32MB"),
  DATABASE_URL: url(["postgres:", "postgresql:"]).optional(),
  DB_POOL_MAX: int(10, 1, 200),
  REDIS_URL: url(["redis:", "rediss:"]).optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,40}$/, "expected lowercase letters, digits, - or _")
    .default("autodm"),
  QUEUE_PG_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,40}$/, "expected a lowercase SQL identifier")
    .default("bullmq"),
  WORKER_CONCURRENCY: int(10, 1, 500),
  JOB_LOCK_MS: int(30_000, 1_000, 600_000),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 600_000),
  MIGRATE_ON_BOOT: bool(true),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"]).default("json"),
  METRICS_TOKEN: z.string().min(16, "expected at least 16 characters").optional(),
  // Meta: every host and the API version are configurable so tests and the sandbox can stand in.
  META_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'expected a Graph API version like "v24.0"')
    .default("v24.0"),
  INSTAGRAM_GRAPH_URL: url(["http:", "https:"]).default("https://graph.instagram.com"),
  FACEBOOK_GRAPH_URL: url(["http:", "https:"]).default("https://graph.facebook.com"),
  INSTAGRAM_API_URL: url(["http:", "https:"]).default("https://api.instagram.com"),
  INSTAGRAM_AUTHORIZE_URL: url(["http:", "https:"]).default("https://www.instagram.com/oauth/authorize"),
  /** Default: https://www.facebook.com/<META_GRAPH_VERSION>/dialog/oauth */
  FACEBOOK_AUTHORIZE_URL: url(["http:", "https:"]).optional(),
  INSTAGRAM_APP_ID: z.string().regex(/^\d+$/, "expected the numeric Instagram app id").optional(),
  INSTAGRAM_APP_SECRET: z.string().min(16, "expected the Instagram app secret").optional(),
  META_APP_ID: z.string().regex(/^\d+$/, "expected the numeric Meta app id").optional(),
  META_APP_SECRET: z.string().min(16, "expected the Meta app secret").optional(),
  META_WEBHOOK_VERIFY_TOKEN: z.string().min(8, "expected at least 8 characters").optional(),
  GRAPH_TIMEOUT_MS: int(10_000, 500, 120_000),
  /** Raw webhook payloads and activity rows older than this are pruned daily. */
  RETENTION_DAYS: int(30, 1, 3650),
  /** How long an account's sends pause after Meta answers "rate limited" (4, 17, 32, 613). */
  RATE_LIMIT_BACKOFF_MS: int(60_000, 100, 3_600_000),
  /** POST /api/dm/send and /api/dm/retry per workspace and minute, per web process (429 past it). */
  DM_API_RATE_LIMIT_PER_MINUTE: int(60, 1, 100_000),
  /** A person answering by hand from the Instagram app pauses automations in that thread this long. */
  HUMAN_TAKEOVER_PAUSE_MINUTES: int(60, 0, 43_200),
  /** Until workspaces have their own setting: the time zone of active hours. */
  DEFAULT_TIME_ZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "expected an IANA time zone like Europe/Paris")
    .default("UTC"),
  /** Absent: on when no Meta app is configured. */
  SANDBOX: z.enum(["on", "off"], { error: "expected on or off" }).optional(),
  // Short onboarding videos the dashboard embeds (YouTube / Vimeo links or video files).
  ONBOARDING_VIDEO_CONNECT: url(["https:", "http:"]).optional(),
  ONBOARDING_VIDEO_AUTOMATION: url(["https:", "http:"]).optional(),
  ONBOARDING_VIDEO_TEST_PHONE: url(["https:", "http:"]).optional(),
  ONBOARDING_VIDEO_META_APP: url(["https:", "http:"]).optional(),
  /**
   * Keys for tokens at rest: base64 of 32 bytes; several, comma-separated, newest first, while
   * rotating. Embedded mode generates one into DATA_DIR when absent.
   */
  TOKEN_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=_-]+(,[A-Za-z0-9+/=_-]+)*$/, "expected base64 keys, comma-separated")
    .optional(),
  DEMO_JOBS_API: bool(false),
  /** Validate every JSON answer against its schema (500 response_shape when off it); default: on in tests. */
  CHECK_RESPONSES: boolWord.optional(),
  // Sign-in (better-auth). AUTH_SECRET signs sessions; embedded mode generates one into DATA_DIR.
  AUTH_SECRET: z.string().min(32, "expected at least 32 characters").optional(),
  // Closed by default once an owner exists: anyone reaching the server could otherwise make an account.
  SIGNUP: z
    .enum(["open", "invite", "closed"], { error: "expected open, invite or closed" })
    .default("invite"),
  PASSWORD_MIN_LENGTH: int(10, 8, 128),
  SIGNIN_MAX_PER_IP: int(20, 1, 100_000),
  SIGNIN_MAX_PER_EMAIL: int(5, 1, 100_000),
  SIGNIN_WINDOW_SECONDS: int(600, 1, 86_400),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  /** Where Google's endpoints are discovered; tests point it at a local OpenID Connect server. */
  GOOGLE_DISCOVERY_URL: url(["http:", "https:"]).default(
    "https://accounts.google.com/.well-known/openid-configuration",
  ),
  SMTP_URL: url(["smtp:", "smtps:"]).optional(),
  MAIL_FROM: z.string().min(3).default("autodm <no-reply@localhost>"),
  // AI replies (src/server/ai). No key at all: offline answers from the FAQ entries.
  OPENAI_API_KEY: z.string().min(8, "expected an OpenAI API key").optional(),
  OPENAI_BASE_URL: url(["http:", "https:"]).default("https://api.openai.com/v1"),
  ANTHROPIC_API_KEY: z.string().min(8, "expected an Anthropic API key").optional(),
  ANTHROPIC_BASE_URL: url(["http:", "https:"]).default("https://api.anthropic.com/v1"),
  /** An OpenAI-compatible server (a local model), e.g. http://127.0.0.1:11434/v1. */
  AI_BASE_URL: url(["http:", "https:"]).optional(),
  AI_API_KEY: z.string().min(1).optional(),
  AI_MODEL: z.string().min(1).max(100).optional(),
  AI_TIMEOUT_MS: int(15_000, 500, 120_000),
});

export type Role = "web" | "worker";

export interface Config {
  env: "development" | "production" | "test";
  version: string;
  http: {
    host: string;
    port: number;
    appUrl: string;
    /** How many proxies in front append to X-Forwarded-For (0: use the socket). */
    trustProxy: number;
    /** reply() validates each answer against its schema (tests); production only types them. */
    checkResponses: boolean;
  };
  /** A worker-only process serves /health and /metrics on this port when set. */
  workerMetricsPort: number | undefined;
  dataDir: string;
  /** shared_buffers of the embedded PGlite. */
  embeddedSharedBuffers: string;
  /** Absent: embedded PGlite in `dataDir`, owned by this process. */
  databaseUrl: string | undefined;
  dbPoolMax: number;
  queue: {
    /** Absent: BullMQ's PostgreSQL backend in the same database. */
    redisUrl: string | undefined;
    prefix: string;
    pgSchema: string;
    concurrency: number;
    lockMs: number;
  };
  shutdownTimeoutMs: number;
  migrateOnBoot: boolean;
  log: { level: string; format: "json" | "pretty" };
  metricsToken: string | undefined;
  /** HOST is not loopback: /metrics answers 401 until METRICS_TOKEN is set. */
  metricsTokenRequired: boolean;
  demoJobsApi: boolean;
  meta: MetaConfig;
  /** The simulated Instagram, served at `${appUrl}/sandbox`. */
  sandbox: { enabled: boolean };
  /** The dashboard's onboarding videos (undefined: a placeholder is shown). */
  onboarding: {
    videos: {
      connect: string | undefined;
      automation: string | undefined;
      testPhone: string | undefined;
      metaApp: string | undefined;
    };
  };
  pipeline: {
    retentionDays: number;
    humanTakeoverPauseMs: number;
    defaultTimeZone: string;
    rateLimitBackoffMs: number;
    dmApiRatePerMinute: number;
  };
  /** Raw TOKEN_ENCRYPTION_KEY (undefined in embedded mode: a generated key file is used). */
  tokenEncryptionKey: string | undefined;
  auth: AuthConfig;
  ai: AiConfig;
}

/** The server's own AI providers (workspaces may add theirs, stored encrypted). */
export interface AiConfig {
  openai: { apiKey: string | undefined; baseUrl: string };
  anthropic: { apiKey: string | undefined; baseUrl: string };
  /** An OpenAI-compatible server: its base URL and optional key. */
  compatible: { baseUrl: string | undefined; apiKey: string | undefined };
  model: string | undefined;
  timeoutMs: number;
}

/** Sign-in, workspaces and mail (better-auth). */
export interface AuthConfig {
  /** undefined in embedded mode: a secret generated into DATA_DIR/secrets is used. */
  secret: string | undefined;
  /** After the owner exists: anyone, only holders of a pending invitation, or nobody. */
  signup: "open" | "invite" | "closed";
  passwordMinLength: number;
  /** Attempts per window and client IP (sign-in, sign-up, password reset, invitation acceptance);
   *  perEmail: wrong passwords an account gets before each further one doubles a delay. */
  signInLimit: { perIp: number; perEmail: number; windowSeconds: number };
  google: { clientId: string; clientSecret: string; discoveryUrl: string } | undefined;
  /** Absent: invitation links are shown in the UI and the API instead of mailed. */
  smtpUrl: string | undefined;
  mailFrom: string;
}

export interface AppCredentials {
  id: string;
  secret: string;
}

/** Where Meta lives and who we are to it. See META_PLATFORM.md §1. */
export interface MetaConfig {
  graphVersion: string;
  instagramGraphUrl: string;
  facebookGraphUrl: string;
  instagramApiUrl: string;
  instagramAuthorizeUrl: string;
  facebookAuthorizeUrl: string;
  /** Instagram API with Instagram Login. */
  instagramApp: AppCredentials | undefined;
  /** Instagram API with Facebook Login (Page-linked accounts). */
  facebookApp: AppCredentials | undefined;
  webhookVerifyToken: string | undefined;
  timeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** The version shown by /health, read from the installation's package.json. */
function packageVersion(): string {
  const raw = createRequire(path.join(REPO_ROOT, "package.json"))("./package.json") as { version?: string };
  return raw.version ?? "0.0.0";
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings in a .env file mean "not set", as in most tools.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = Env.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join(".") || "(environment)";
        const got = cleaned[name];
        const shown =
          got === undefined || /SECRET|TOKEN|KEY|PASSWORD|URL/.test(name) ? "" : ` (got "${got}")`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  const pairs: [string, string | undefined, string, string | undefined][] = [
    ["INSTAGRAM_APP_ID", e.INSTAGRAM_APP_ID, "INSTAGRAM_APP_SECRET", e.INSTAGRAM_APP_SECRET],
    ["META_APP_ID", e.META_APP_ID, "META_APP_SECRET", e.META_APP_SECRET],
    ["GOOGLE_CLIENT_ID", e.GOOGLE_CLIENT_ID, "GOOGLE_CLIENT_SECRET", e.GOOGLE_CLIENT_SECRET],
  ];
  const problems: string[] = [];
  for (const [idName, id, secretName, secret] of pairs) {
    if (Boolean(id) !== Boolean(secret))
      problems.push(`${id ? secretName : idName}: required together with ${id ? idName : secretName}`);
  }
  if (e.DATABASE_URL && !e.TOKEN_ENCRYPTION_KEY) {
    problems.push(
      "TOKEN_ENCRYPTION_KEY: required with DATABASE_URL, so every process shares it (generate one: openssl rand -base64 32)",
    );
  }
  if (e.DATABASE_URL && !e.AUTH_SECRET) {
    problems.push(
      "AUTH_SECRET: required with DATABASE_URL, so every process signs sessions alike (generate one: openssl rand -base64 32)",
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const trim = (u: string) => u.replace(/\/+$/, "");
  const instagramApp =
    e.INSTAGRAM_APP_ID && e.INSTAGRAM_APP_SECRET
      ? { id: e.INSTAGRAM_APP_ID, secret: e.INSTAGRAM_APP_SECRET }
      : undefined;
  const facebookApp =
    e.META_APP_ID && e.META_APP_SECRET ? { id: e.META_APP_ID, secret: e.META_APP_SECRET } : undefined;
  return {
    env: e.NODE_ENV,
    version: packageVersion(),
    http: {
      host: e.HOST,
      port: e.PORT,
      trustProxy: e.TRUST_PROXY,
      appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
      checkResponses: e.CHECK_RESPONSES ? isTrue(e.CHECK_RESPONSES) : e.NODE_ENV === "test",
    },
    workerMetricsPort: e.WORKER_METRICS_PORT,
    dataDir: path.resolve(e.DATA_DIR),
    embeddedSharedBuffers: e.EMBEDDED_SHARED_BUFFERS,
    databaseUrl: e.DATABASE_URL,
    dbPoolMax: e.DB_POOL_MAX,
    queue: {
      redisUrl: e.REDIS_URL,
      prefix: e.QUEUE_PREFIX,
      pgSchema: e.QUEUE_PG_SCHEMA,
      concurrency: e.WORKER_CONCURRENCY,
      lockMs: e.JOB_LOCK_MS,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    migrateOnBoot: e.MIGRATE_ON_BOOT,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    metricsToken: e.METRICS_TOKEN,
    // Beyond loopback, /metrics (queue depths, routes, job names) is closed without a token.
    metricsTokenRequired: !isLoopbackHost(e.HOST),
    demoJobsApi: e.DEMO_JOBS_API,
    meta: {
      graphVersion: e.META_GRAPH_VERSION,
      instagramGraphUrl: trim(e.INSTAGRAM_GRAPH_URL),
      facebookGraphUrl: trim(e.FACEBOOK_GRAPH_URL),
      instagramApiUrl: trim(e.INSTAGRAM_API_URL),
      instagramAuthorizeUrl: e.INSTAGRAM_AUTHORIZE_URL,
      facebookAuthorizeUrl:
        e.FACEBOOK_AUTHORIZE_URL ?? `https://www.facebook.com/${e.META_GRAPH_VERSION}/dialog/oauth`,
      instagramApp,
      facebookApp,
      webhookVerifyToken: e.META_WEBHOOK_VERIFY_TOKEN,
      timeoutMs: e.GRAPH_TIMEOUT_MS,
    },
    sandbox: { enabled: e.SANDBOX ? e.SANDBOX === "on" : !instagramApp && !facebookApp },
    onboarding: {
      videos: {
        connect: e.ONBOARDING_VIDEO_CONNECT,
        automation: e.ONBOARDING_VIDEO_AUTOMATION,
        testPhone: e.ONBOARDING_VIDEO_TEST_PHONE,
        metaApp: e.ONBOARDING_VIDEO_META_APP,
      },
    },
    tokenEncryptionKey: e.TOKEN_ENCRYPTION_KEY,
    auth: {
      secret: e.AUTH_SECRET,
      signup: e.SIGNUP,
      passwordMinLength: e.PASSWORD_MIN_LENGTH,
      signInLimit: {
        perIp: e.SIGNIN_MAX_PER_IP,
        perEmail: e.SIGNIN_MAX_PER_EMAIL,
        windowSeconds: e.SIGNIN_WINDOW_SECONDS,
      },
      google:
        e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET
          ? {
              clientId: e.GOOGLE_CLIENT_ID,
              clientSecret: e.GOOGLE_CLIENT_SECRET,
              discoveryUrl: e.GOOGLE_DISCOVERY_URL,
            }
          : undefined,
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM,
    },
    ai: {
      openai: { apiKey: e.OPENAI_API_KEY, baseUrl: trim(e.OPENAI_BASE_URL) },
      anthropic: { apiKey: e.ANTHROPIC_API_KEY, baseUrl: trim(e.ANTHROPIC_BASE_URL) },
      compatible: { baseUrl: e.AI_BASE_URL ? trim(e.AI_BASE_URL) : undefined, apiKey: e.AI_API_KEY },
      model: e.AI_MODEL,
      timeoutMs: e.AI_TIMEOUT_MS,
    },
    pipeline: {
      retentionDays: e.RETENTION_DAYS,
      humanTakeoverPauseMs: e.HUMAN_TAKEOVER_PAUSE_MINUTES * 60_000,
      defaultTimeZone: e.DEFAULT_TIME_ZONE,
      rateLimitBackoffMs: e.RATE_LIMIT_BACKOFF_MS,
      dmApiRatePerMinute: e.DM_API_RATE_LIMIT_PER_MINUTE,
    },
  };
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h) || h === "::ffff:127.0.0.1";
}
