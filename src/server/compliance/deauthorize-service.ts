import type { Mailer } from "../auth/mailer.ts";
import type { WorkspacesRepo } from "../auth/workspaces-repo.ts";
import type { AccountsRepo } from "../instagram/accounts-repo.ts";
import type { Logger } from "../observability/logger.ts";
import type { TokenVault } from "../security/token-vault.ts";

const REASON =
  "Removed from autodm in Instagram's settings (Meta's deauthorize callback). Reconnect to use it again.";

/**
 * Meta's deauthorize callback: the owner of an Instagram account removed autodm. In every
 * workspace that connected it, the account becomes `disconnected`, its token is overwritten
 * (nothing secret is kept), so no automation runs or sends for it, and the workspace's owners
 * and admins are told. Which id Meta sends for a Facebook Login app (a Facebook user, not the
 * Instagram account) is unconfirmed; an id that matches no account changes nothing.
 */
export class DeauthorizeService {
  constructor(
    private readonly deps: {
      accounts: AccountsRepo;
      workspaces: WorkspacesRepo;
      vault: TokenVault;
      mailer: Mailer;
      appUrl: string;
      logger: Logger;
    },
  ) {}

  async deauthorize(igUserId: string): Promise<{ accounts: number }> {
    const rows = await this.deps.accounts.forWebhook(igUserId);
    for (const account of rows) {
      await this.deps.accounts.markDisconnected(account.id, REASON, this.deps.vault.encrypt(""));
      this.deps.logger.warn(
        { accountId: account.id, workspaceId: account.workspaceId },
        "account.deauthorized",
      );
      await this.tellManagers(account.workspaceId, account.username);
    }
    return { accounts: rows.length };
  }

  private async tellManagers(workspaceId: string, username: string) {
    const emails = await this.deps.workspaces.managerEmails(workspaceId);
    for (const to of emails) {
      try {
        await this.deps.mailer.send({
          to,
          subject: `@${username} was disconnected from autodm`,
          text: [
            `@${username} removed autodm in Instagram's settings, so autodm no longer receives or answers its messages.`,
            "Its access token has been deleted. Your automations for it are stopped until you connect it again:",
            `${this.deps.appUrl}/accounts`,
          ].join("\n\n"),
        });
      } catch (err) {
        this.deps.logger.warn({ workspaceId, reason: (err as Error).message }, "mail.failed");
      }
    }
    if (!this.deps.mailer.enabled)
      this.deps.logger.info({ workspaceId, recipients: emails.length }, "mail.not-configured");
  }
}
