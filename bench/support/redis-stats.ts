import { Redis } from "ioredis";

/**
 * The Redis server's own counters (INFO commandstats and cpu), read by the bench. They are
 * server-wide: a phase's difference includes whatever else talks to this Redis meanwhile, so
 * measure on an idle server. Commands run inside Lua scripts (BullMQ's EVALSHA) are counted
 * under their own names too, as Redis counts them; `scripts` says how many calls were scripts.
 */
export interface RedisStats {
  /** calls per command, the bench's own INFO excluded. */
  commands: Record<string, number>;
  cpuUs: number;
}

export async function readRedisStats(redis: Redis): Promise<RedisStats> {
  const [commandstats, cpu] = await Promise.all([redis.info("commandstats"), redis.info("cpu")]);
  const commands: Record<string, number> = {};
  for (const m of commandstats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (m[1] !== "info") commands[m[1] as string] = Number(m[2]);
  }
  const field = (name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, "m").exec(cpu)?.[1] ?? 0);
  return { commands, cpuUs: Math.round((field("used_cpu_user") + field("used_cpu_sys")) * 1e6) };
}

export function subtractRedis(after: RedisStats, before: RedisStats): RedisStats {
  const commands: Record<string, number> = {};
  for (const [cmd, n] of Object.entries(after.commands)) {
    const d = n - (before.commands[cmd] ?? 0);
    if (d !== 0) commands[cmd] = d;
  }
  return { commands, cpuUs: after.cpuUs - before.cpuUs };
}

export const totalCommands = (s: RedisStats) => Object.values(s.commands).reduce((a, n) => a + n, 0);

const SCRIPT_COMMANDS = new Set(["evalsha", "eval", "fcall", "evalsha_ro", "eval_ro", "fcall_ro"]);
export const scriptCalls = (s: RedisStats) =>
  Object.entries(s.commands).reduce((a, [cmd, n]) => a + (SCRIPT_COMMANDS.has(cmd) ? n : 0), 0);

export function connectStatsClient(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectionName: "bench-stats" });
  redis.on("error", () => {});
  return redis;
}

/**
 * Profile runs only (MONITOR slows Redis down): every command touching keys under `prefix`,
 * split into those a client sent (round trips) and those BullMQ's Lua scripts ran inside.
 */
export async function monitorRedis(url: string, prefix: string) {
  const client: Record<string, number> = {};
  const lua: Record<string, number> = {};
  const redis = connectStatsClient(url);
  const monitor = await redis.monitor();
  monitor.on("monitor", (_time: string, args: string[], source: string) => {
    if (!args.some((a) => a.includes(prefix))) return;
    const cmd = (args[0] ?? "?").toLowerCase();
    const into = source === "lua" ? lua : client;
    into[cmd] = (into[cmd] ?? 0) + 1;
  });
  return {
    async stop() {
      monitor.disconnect();
      redis.disconnect();
      return { client, lua };
    },
  };
}
