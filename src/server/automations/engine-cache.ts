import type { AutomationsRepo } from "./automations-repo.ts";
import { buildEngineSnapshot, type EngineSnapshot } from "./engine/engine-snapshot.ts";

/**
 * The engine's compiled snapshot (keyword index) of a workspace's enabled automations,
 * rebuilt only when the workspace's generation (count + last update) changes: one tiny query
 * per event instead of loading and indexing every automation.
 */
export class EngineCache {
  private readonly cache = new Map<string, { generation: string; snapshot: EngineSnapshot }>();

  constructor(private readonly repo: AutomationsRepo) {}

  async automations(workspaceId: string): Promise<EngineSnapshot> {
    const generation = await this.repo.generation(workspaceId);
    const hit = this.cache.get(workspaceId);
    if (hit && hit.generation === generation) return hit.snapshot;
    const snapshot = buildEngineSnapshot(await this.repo.enabled(workspaceId));
    this.cache.set(workspaceId, { generation, snapshot });
    return snapshot;
  }
}
