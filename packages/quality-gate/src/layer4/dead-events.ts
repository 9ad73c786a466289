import type { ContractChannel, ContractFacts } from './contracts.js';
import { contractOwner, serviceNameVariants } from './contract-owner.js';
import { channelKey, type EventCatalog } from './event-catalog.js';
import type { EventSite } from './event-sites.js';

/** What ADV-001/ADV-002 need to know about one service. */
export interface EventServiceFacts {
  readonly name: string;
  readonly contracts: readonly ContractFacts[];
  /** Publish/subscribe sites found in the service's code; {@link addIngestRouteSites} appends to it. */
  readonly events: EventSite[];
  /** Whether the service's code implements an HTTP route with this path (`/events`). */
  implementsRoute(path: string): boolean;
}

/** One ADV-001 / ADV-002 finding about events. */
export interface EventFinding {
  readonly code: 'ADV-001' | 'ADV-002';
  readonly file: string;
  readonly line: number;
  readonly message: string;
  readonly service: string;
}

interface Declaration {
  readonly service: string;
  readonly role: 'send' | 'receive' | 'none';
  readonly doc: ContractFacts;
  readonly channel: ContractChannel;
  readonly key: string;
  /** Service the document describes, when it is not the service holding this copy. */
  readonly owner: string;
}

function ownerOf(doc: ContractFacts, holder: string, all: readonly EventServiceFacts[], catalog: EventCatalog): string {
  const sendKeys = new Set(doc.channels.filter((ch) => ch.actions.includes('send')).map((ch) => channelKey(catalog, ch)));
  const publishers = new Set(all.filter((s) => s.events.some((e) => e.kind === 'publish' && sendKeys.has(e.name))).map((s) => s.name));
  return contractOwner(doc, { holder, services: all.map((s) => s.name), publishers });
}

/**
 * Consumers declared by delivery: an AsyncAPI server whose key or host is a scanned service (for
 * HTTP delivery, `host: mailer-service:8080`, `pathname: /events`) whose code implements that
 * path consumes every channel bound to the server. Appends those subscribe sites to the service's
 * `events` (the document's sender is never made its own consumer this way).
 *
 * @example
 * addIngestRouteSites(services, catalog); // mailer-service gains subscribe sites for orderCreated/orderShipped
 */
export function addIngestRouteSites(all: readonly EventServiceFacts[], catalog: EventCatalog): void {
  const docs = all.flatMap((s) => s.contracts.map((doc) => ({ doc, owner: ownerOf(doc, s.name, all, catalog) })));
  for (const { doc, owner } of docs) {
    for (const server of doc.asyncapi?.servers ?? []) {
      const ids = [server.key.toLowerCase(), server.host.toLowerCase()];
      const target = all.find((s) => s.name !== owner && serviceNameVariants(s.name).some((v) => ids.includes(v)));
      if (!target || !server.pathname || server.pathname === '/' || !target.implementsRoute(server.pathname)) continue;
      for (const ch of doc.channels) {
        if (ch.servers.length > 0 && !ch.servers.includes(server.key)) continue;
        const name = channelKey(catalog, ch);
        if (target.events.some((e) => e.kind === 'subscribe' && e.name === name)) continue;
        target.events.push({ name, label: ch.id, kind: 'subscribe', file: doc.file, line: ch.line });
      }
    }
  }
}

function declarations(all: readonly EventServiceFacts[], catalog: EventCatalog): Declaration[] {
  const out: Declaration[] = [];
  for (const s of all) {
    for (const doc of s.contracts) {
      const owner = ownerOf(doc, s.name, all, catalog);
      for (const channel of doc.channels) {
        const key = channelKey(catalog, channel);
        if (channel.actions.length === 0) out.push({ service: s.name, role: 'none', doc, channel, key, owner });
        for (const action of new Set(channel.actions)) {
          // A copy of another service's document: that service's sends are this service's receives.
          const role = owner === s.name ? action : action === 'send' ? 'receive' : 'send';
          out.push({ service: s.name, role, doc, channel, key, owner });
          if (owner !== s.name) out.push({ service: owner, role: action, doc, channel, key, owner });
        }
      }
    }
  }
  return out;
}

/**
 * ADV-001 (dead events) and ADV-002 (dead contracts) for events:
 * - ADV-001 at a publish site whose event no service's code consumes;
 * - ADV-001 at a channel a service's own contract sends that nothing consumes (no code, no contract), when the
 *   service's code handles the channel at all (otherwise the channel is a dead contract: ADV-002);
 * - ADV-001 at a channel a service consumes (in code) that a scanned service is declared to send but no
 *   service's code publishes: the consumer waits for an event that never comes;
 * - ADV-002 at a channel of a service's contract (own or a copy of its provider's) that its code
 *   neither publishes nor consumes.
 *
 * @example
 * deadEventFindings(services, catalog); // [] for the reference TaskTracker services
 */
export function deadEventFindings(all: readonly EventServiceFacts[], catalog: EventCatalog): EventFinding[] {
  const out: EventFinding[] = [];
  const sites = all.flatMap((s) => s.events.map((e) => ({ ...e, service: s.name })));
  const published = new Set(sites.filter((e) => e.kind === 'publish').map((e) => e.name));
  const subscribed = new Set(sites.filter((e) => e.kind === 'subscribe').map((e) => e.name));
  for (const e of sites) {
    if (e.kind === 'publish' && !subscribed.has(e.name)) {
      out.push({ code: 'ADV-001', file: e.file, line: e.line, message: `Event "${e.label}" is published by ${e.service} but no service subscribes to it.`, service: e.service });
    }
  }
  const decls = declarations(all, catalog);
  const declaredReceivers = new Set(decls.filter((d) => d.role === 'receive').map((d) => d.key));
  const holders = new Set(all.map((s) => s.name));
  for (const d of decls) {
    const service = all.find((s) => s.name === d.service);
    // Only the copy a service holds is reported against it; implied sends of a document's owner only feed `senders`.
    if (!service?.contracts.includes(d.doc)) continue;
    const own = service.events.filter((e) => e.name === d.key);
    const label = d.channel.names[0] ?? d.channel.id;
    // A channel the service's code never touches is a dead contract (ADV-002 below), not a dead event.
    if (d.role === 'send' && own.length > 0 && !published.has(d.key) && !subscribed.has(d.key) && !declaredReceivers.has(d.key)) {
      out.push({ code: 'ADV-001', file: d.doc.file, line: d.channel.line, message: `Channel "${label}" is declared as sent by ${d.service} but nothing consumes it.`, service: d.service });
    }
    if (d.role === 'receive' && own.some((e) => e.kind === 'subscribe') && !published.has(d.key)) {
      const senders = [...new Set(decls.filter((o) => o.key === d.key && o.role === 'send' && o.service !== d.service && holders.has(o.service)).map((o) => o.service))];
      if (senders.length > 0) {
        const who = senders.join(', ');
        out.push({ code: 'ADV-001', file: d.doc.file, line: d.channel.line, message: `Channel "${label}" is consumed by ${d.service}, but ${who} (declared as its sender) never publishes it: the event is dead.`, service: d.service });
      }
    }
    if (own.length === 0) {
      const copy = d.owner !== d.service ? ` (a copy of ${d.owner}'s contract, read as "${d.service} ${d.role === 'receive' ? 'consumes' : 'sends'} it")` : '';
      out.push({ code: 'ADV-002', file: d.doc.file, line: d.channel.line, message: `Channel "${label}" is in ${d.service}'s contract${copy} but its code neither publishes nor consumes it.`, service: d.service });
    }
  }
  return dedupe(out);
}

function dedupe(findings: EventFinding[]): EventFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.code}|${f.file}|${f.line}|${f.service}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
