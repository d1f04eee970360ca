import { z } from "zod";

/** GET /api/setup (no sign-in needed): first run, and how people may sign up. */
export const SetupStatus = z.object({
  /** No account exists yet: the first sign-up becomes the owner. */
  needsOwner: z.boolean(),
  signup: z.enum(["open", "invite", "closed"]),
  google: z.boolean(),
  passwordMinLength: z.number(),
});
export type SetupStatus = z.infer<typeof SetupStatus>;

/** The onboarding videos' URLs (null: the dashboard shows a placeholder). */
export const OnboardingVideos = z.object({
  connect: z.string().nullable(),
  automation: z.string().nullable(),
  testPhone: z.string().nullable(),
  metaApp: z.string().nullable(),
});
export type OnboardingVideos = z.infer<typeof OnboardingVideos>;

/** GET /api/onboarding: the checklist, ticked from real state. */
export const Onboarding = z.object({
  steps: z.object({
    accountConnected: z.boolean(),
    automationCreated: z.boolean(),
    triedInTestPhone: z.boolean(),
    live: z.boolean(),
  }),
  sandbox: z.boolean(),
  videos: OnboardingVideos,
});
export type Onboarding = z.infer<typeof Onboarding>;

/** GET /api/setup-guide: what to paste into a Meta app (never the app secret). */
export const SetupGuide = z.object({
  webhookUrl: z.string(),
  verifyToken: z.string().nullable(),
  redirectUris: z.object({ instagram: z.string(), facebook: z.string() }),
  scopes: z.object({ instagram: z.array(z.string()), facebook: z.array(z.string()) }),
  webhookFields: z.array(z.string()),
  /** Whether each login path is configured. */
  apps: z.object({ instagram: z.boolean(), facebook: z.boolean() }),
  sandbox: z.boolean(),
  videos: OnboardingVideos,
});
export type SetupGuide = z.infer<typeof SetupGuide>;
