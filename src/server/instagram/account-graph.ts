import type { TokenVault } from "../security/token-vault.ts";
import type { AccountRow } from "./accounts-repo.ts";
import { type GraphAccount, GraphClient } from "./graph-client.ts";
import type { GraphUsage } from "./graph-usage.ts";
import { type LoginType, type MetaTargets, metaFor } from "./meta-endpoints.ts";

/** The Graph client for an account's Meta (real or sandbox), and its decrypted credentials. */
export class AccountGraph {
  private readonly clients = new Map<LoginType, GraphClient>();

  constructor(
    private readonly deps: {
      meta: MetaTargets;
      vault: TokenVault;
      onUsage?: (usage: GraphUsage, url: string) => void;
    },
  ) {}

  client(loginType: LoginType): GraphClient {
    let client = this.clients.get(loginType);
    if (!client) {
      client = new GraphClient(metaFor(this.deps.meta, loginType), this.deps.onUsage);
      this.clients.set(loginType, client);
    }
    return client;
  }

  /** Decrypted for the call only; never stored or logged. */
  account(row: AccountRow): GraphAccount {
    return {
      loginType: row.loginType,
      igUserId: row.igUserId,
      pageId: row.pageId,
      token: this.deps.vault.decrypt(row.accessToken),
    };
  }
}
