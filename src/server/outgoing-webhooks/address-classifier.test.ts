import { describe, expect, it } from "vitest";
import { classifyAddress } from "./address-classifier.ts";

/** Pure classification: nothing here connects anywhere. */
describe("the outgoing-webhook address classifier", () => {
  it.each([
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["169.254.169.254", "metadata (link-local)"],
    ["169.254.1.1", "link-local"],
    ["100.64.0.1", "CGNAT"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["::1", "IPv6 loopback"],
    ["::", "IPv6 unspecified"],
    ["fe80::1", "IPv6 link-local"],
    ["fe80::1%eth0", "IPv6 link-local with a zone"],
    ["fc00::1", "IPv6 unique local"],
    ["fd12:3456::1", "IPv6 unique local"],
    ["fd00:ec2::254", "AWS metadata over IPv6"],
    ["ff02::1", "IPv6 multicast"],
    ["::ffff:127.0.0.1", "mapped loopback"],
    ["::ffff:10.0.0.1", "mapped private"],
    ["::ffff:a9fe:a9fe", "mapped metadata, hex form"],
    ["::ffff:7f00:1", "mapped loopback, hex form"],
    ["[::ffff:192.168.0.1]", "mapped private in brackets"],
    ["64:ff9b::a9fe:a9fe", "NAT64 metadata"],
    ["2002:c0a8:0101::1", "6to4 of 192.168.1.1"],
    ["not-an-ip", "a name (must be resolved first)"],
  ])("refuses %s (%s)", (address) => {
    expect(classifyAddress(address).allowed).toBe(false);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])(
    "allows the public address %s",
    (address) => {
      expect(classifyAddress(address)).toEqual({ allowed: true });
    },
  );

  it("says why", () => {
    expect(classifyAddress("::ffff:127.0.0.1")).toEqual({
      allowed: false,
      reason: "::ffff:127.0.0.1 carries 127.0.0.1, not a public address",
    });
  });
});
