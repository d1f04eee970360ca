import { isIP } from "node:net";

/**
 * The caller's address: the socket's, unless `trustedProxies` proxies stand in front, in which
 * case it is the address the outermost trusted proxy saw — `trustedProxies` entries from the
 * right of X-Forwarded-For (each proxy appends the address it received from). Entries a client
 * wrote itself sit further left and are never used, so a spoofed header cannot pick an address.
 */
export function clientIp(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: number,
): string | undefined {
  if (trustedProxies <= 0 || !forwardedFor) return socketAddress;
  const hops = forwardedFor
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  const candidate = hops[Math.max(0, hops.length - trustedProxies)];
  return candidate && isIP(candidate) ? candidate : socketAddress;
}
