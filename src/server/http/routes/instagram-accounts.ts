import { Hono } from "hono";
import { z } from "zod";
import { AccountList, InstagramAccountView } from "../../../shared/api/accounts.ts";
import { AppError } from "../../errors.ts";
import { accountView } from "../../instagram/account-view.ts";
import type { AccountsRepo } from "../../instagram/accounts-repo.ts";
import type { ConnectService } from "../../instagram/connect-service.ts";
import type { TokenVault } from "../../security/token-vault.ts";
import type { AppEnv } from "../app-env.ts";
import { reply } from "../respond.ts";
import { validate } from "../validate.ts";

const Id = z.object({ id: z.string().uuid("expected an account id") });

export function instagramAccountRoutes(deps: {
  accounts: AccountsRepo;
  connect: ConnectService;
  vault: TokenVault;
}) {
  return new Hono<AppEnv>()
    .get("/api/instagram/accounts", async (c) => {
      const rows = await deps.accounts.list(c.get("workspaceId"));
      return reply(c, AccountList, { accounts: rows.map((r) => accountView(r, deps.vault)) });
    })
    .get("/api/instagram/accounts/:id", validate("param", Id), async (c) => {
      const row = await deps.accounts.get(c.get("workspaceId"), c.req.valid("param").id);
      if (!row) throw new AppError("not_found", "account not found");
      return reply(c, InstagramAccountView, accountView(row, deps.vault));
    })
    .delete("/api/instagram/accounts/:id", validate("param", Id), async (c) => {
      await deps.connect.disconnect(c.get("workspaceId"), c.req.valid("param").id);
      return c.body(null, 204);
    });
}
