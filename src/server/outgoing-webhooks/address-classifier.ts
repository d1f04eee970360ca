import { BlockList, isIP } from "node:net";

/**
 * Whether an outgoing webhook may connect to an address: only public unicast. Refused: private,
 * loopback, link-local (and so the cloud metadata service at 169.254.169.254), CGNAT, multicast,
 * reserved and documentation ranges, in IPv4 and IPv6, including IPv4 inside IPv6 (mapped,
 * compatible, NAT64 and 6to4 forms) — the usual ways round a naive check.
 */
const V4_REFUSED: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];
const V6_REFUSED: [string, number][] = [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
];

const refused = new BlockList();
for (const [net, prefix] of V4_REFUSED) refused.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of V6_REFUSED) refused.addSubnet(net, prefix, "ipv6");

/** The IPv4 address an IPv6 one carries, if it is one of the forms that embed it. */
function embeddedV4(v6: string): string | undefined {
  const lower = v6.toLowerCase();
  const dotted = /^(?:::ffff:(?:0:)?|::|64:ff9b::)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:(?:0:)?|::|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = Number.parseInt(hex[1] as string, 16);
    const lo = Number.parseInt(hex[2] as string, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  if (sixToFour) {
    const hi = Number.parseInt(sixToFour[1] as string, 16);
    const lo = Number.parseInt(sixToFour[2] as string, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return undefined;
}

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

export function classifyAddress(address: string): AddressVerdict {
  const ip = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(ip);
  if (family === 0) return { allowed: false, reason: "not an IP address" };
  if (family === 4) {
    return refused.check(ip, "ipv4")
      ? { allowed: false, reason: `${ip} is not a public address` }
      : { allowed: true };
  }
  const v4 = embeddedV4(ip);
  if (v4 !== undefined) {
    const inner = classifyAddress(v4);
    return inner.allowed ? inner : { allowed: false, reason: `${ip} carries ${v4}, not a public address` };
  }
  return refused.check(ip, "ipv6")
    ? { allowed: false, reason: `${ip} is not a public address` }
    : { allowed: true };
}
