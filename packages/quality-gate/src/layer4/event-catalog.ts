import type { ContractFacts } from './contracts.js';

/**
 * The comparable form of an event/channel name: lower case, separators removed, so `OrderCreated`,
 * `orderCreated`, `ORDER_CREATED` and `order-created` are one name (`orders.created` stays distinct).
 *
 * @example
 * normalizeEventName('ORDER_CREATED'); // 'ordercreated'
 */
export function normalizeEventName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Every name of every AsyncAPI channel (id, address, message names, operation ids) → one key per channel. */
export interface EventCatalog {
  /** The channel key of a name as written in code, or undefined when no contract names it. */
  keyOf(name: string): string | undefined;
}

/**
 * Build the catalog from the contracts of all services. Channels of different documents that share a
 * name (a consumer's copy of the provider's document, or two documents naming the same message) are
 * one channel.
 *
 * @example
 * const catalog = buildEventCatalog(allContracts);
 * catalog.keyOf('OrderCreated'); // 'ordercreated' — also for 'orders.created' and 'publishOrderCreated'
 */
export function buildEventCatalog(contracts: readonly ContractFacts[]): EventCatalog {
  const keyOfName = new Map<string, string>();
  for (const c of contracts) {
    for (const ch of c.channels) {
      const names = [...new Set(ch.names.map(normalizeEventName).filter((n) => n.length > 0))];
      const existing = [...new Set(names.map((n) => keyOfName.get(n)).filter((k): k is string => k !== undefined))];
      const key = existing[0] ?? normalizeEventName(ch.id);
      for (const [name, k] of keyOfName) if (existing.includes(k)) keyOfName.set(name, key);
      for (const n of names) keyOfName.set(n, key);
    }
  }
  return { keyOf: (name) => keyOfName.get(normalizeEventName(name)) };
}

/**
 * The key of a channel of a contract in `catalog` (the channel's id when the catalog was built without it).
 *
 * @example
 * channelKey(catalog, channel); // 'ordercreated'
 */
export function channelKey(catalog: EventCatalog, channel: { id: string }): string {
  return catalog.keyOf(channel.id) ?? normalizeEventName(channel.id);
}
