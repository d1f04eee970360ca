import nodemailer from "nodemailer";
import type { Logger } from "../observability/logger.ts";

export interface Mailer {
  /** false: no SMTP configured, so links are shown in the UI and API instead. */
  readonly enabled: boolean;
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/** Mail through SMTP_URL with nodemailer; without it, a mailer that sends nothing. */
export function createMailer(options: { smtpUrl: string | undefined; from: string; logger: Logger }): Mailer {
  if (!options.smtpUrl) {
    return { enabled: false, send: async () => {} };
  }
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    enabled: true,
    async send(message) {
      await transport.sendMail({ from: options.from, ...message });
      options.logger.info({ subject: message.subject }, "mail.sent");
    },
  };
}

export function invitationLink(appUrl: string, invitationId: string): string {
  return `${appUrl}/accept-invitation/${encodeURIComponent(invitationId)}`;
}
