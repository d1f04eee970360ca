/** The lists of events in Meta's webhook bodies (entry[].messaging / changes / standby). */
const EVENT_LISTS = new Set(["messaging", "changes", "standby"]);

/**
 * One person's events taken out of a webhook body that Meta batched with other people's: in every
 * event list, the items that mention the person's id go; the rest of the body is kept as it came.
 * Returns undefined when the id still appears elsewhere (a shape autodm does not know), so the
 * caller erases the whole body instead of keeping any of the person's data.
 */
export function pruneWebhookBody(body: unknown, igsid: string): unknown {
  const needle = `"${igsid}"`;
  const pruned = prune(body, needle, undefined);
  return JSON.stringify(pruned).includes(needle) ? undefined : pruned;
}

function prune(node: unknown, needle: string, key: string | undefined): unknown {
  if (Array.isArray(node)) {
    const items =
      key && EVENT_LISTS.has(key) ? node.filter((item) => !JSON.stringify(item).includes(needle)) : node;
    return items.map((item) => prune(item, needle, undefined));
  }
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, prune(v, needle, k)]));
  }
  return node;
}
