import { kebab, plain, type Section, tables } from './markdown.js';
import { serviceNamesIn, topLevelFields, type RawService } from './prd-services.js';
import type { PrdEvent } from './schemas.js';

const PAST = 'Created|Updated|Deleted|Shipped|Delivered|Cancelled|Canceled|Confirmed|Completed|Placed|Registered|Sent|Failed|Paid|Processed|Changed|Approved|Rejected|Submitted|Scheduled|Assigned|Closed|Opened|Published|Received|Refunded|Started|Finished|Expired|Activated|Reserved|Released|Booked|Dispatched|Requested|Authorized|Captured|Enrolled|Uploaded|Moved|Added|Removed|Returned|Generated|Verified|Borrowed|Renewed|Overdue';
const EVENT = new RegExp(`\\b([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)*?(?:${PAST}))(?:Event)?\\b`, 'g');
const PUB_VERBS = 'publish(?:es)?|emits?|produces?|raises?|sends?|fires?|broadcasts?';
const CON_VERBS = 'consumes?|subscribes?(?:\\s+to)?|listens?(?:\\s+(?:to|for))?|receives?|handles?|reacts?\\s+to';
const PUBLISH = new RegExp(`\\b(${PUB_VERBS})\\b`, 'i');
const CONSUME = new RegExp(`\\b(${CON_VERBS})\\b`, 'i');

/** Pattern matching a service name written `order-service` or `Order Service`. */
function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/-/g, '[ -]');
}

/**
 * The event names of a text.
 *
 * @example
 * eventNamesIn('publishes OrderCreated'); // ['OrderCreated']
 */
export function eventNamesIn(text: string): string[] {
  return [...new Set([...text.matchAll(EVENT)].map((m) => m[1]!))];
}

/**
 * Find domain events (PascalCase past-tense names such as `OrderCreated`):
 * publisher and consumers from "X publishes E", "published by X", verbs in a
 * service's own section, and Provider/Consumer contract tables; channel
 * address from "on channel `a.b`"; payload fields from the event's own
 * section table or a `{a, b}` next to its name.
 *
 * @example
 * findEvents(lines, secs, services, owner).map((e) => e.name); // ['OrderCreated', 'OrderShipped']
 */
export function findEvents(lines: string[], secs: Section[], services: RawService[], entityOwner: (entityName: string) => string): PrdEvent[] {
  const events = new Map<string, PrdEvent>();
  const svcNames = services.map((s) => s.name);
  const get = (name: string): PrdEvent => {
    let e = events.get(name);
    if (!e) {
      e = { name, address: kebab(name).replace(/-/g, '.'), publisher: '', consumers: [], fields: [] };
      events.set(name, e);
    }
    return e;
  };
  const addConsumer = (e: PrdEvent, n: string): void => {
    if (n && !e.consumers.includes(n)) e.consumers.push(n);
  };
  const scan = (line: string, sectionService?: string): void => {
    const names = eventNamesIn(line);
    if (!names.length) return;
    // "- **Ledger Service** — ..., subscribes to X": the lead service is the subject of the line.
    const lead = /^\s*(?:[-*+]|\d+[.)])?\s*[*`]*([A-Za-z][\w -]*?)[*`]*\s*[—–:]/.exec(line)?.[1];
    const leadService = lead ? serviceNamesIn(lead).find((n) => svcNames.includes(n)) : undefined;
    const context = sectionService ?? leadService;
    const named = serviceNamesIn(line).filter((n) => svcNames.includes(n));
    const subjectPub = named.find((n) => new RegExp(`${esc(n)}[\`*]*\\s+(?:also\\s+|then\\s+)?(?:${PUB_VERBS})\\b`, 'i').test(line));
    const passivePub = named.find((n) => new RegExp(`\\b(?:published|emitted|produced|sent|raised)\\s+by\\s+(?:the\\s+)?[\`*]*${esc(n)}`, 'i').test(line));
    const subjectCon = named.filter((n) => new RegExp(`${esc(n)}[\`*]*\\s+(?:also\\s+)?(?:${CON_VERBS})\\b`, 'i').test(line));
    const toTargets = named.filter((n) => new RegExp(`\\bto\\s+(?:the\\s+)?[\`*]*${esc(n)}`, 'i').test(line));
    const hasPub = PUBLISH.test(line) || /\bpublished\b/i.test(line);
    const hasCon = CONSUME.test(line);
    for (const name of names) {
      const e = get(name);
      const publisher = subjectPub ?? passivePub ?? (context && hasPub && !hasCon ? context : undefined);
      if (publisher && !e.publisher) e.publisher = publisher;
      for (const n of subjectCon) addConsumer(e, n);
      if (hasPub) for (const n of toTargets) addConsumer(e, n);
      if (context && hasCon && !hasPub) addConsumer(e, context);
      if (!e.fields.length) {
        const after = line.slice(line.indexOf(name) + name.length);
        if (/^[^{]{0,40}\{/.test(after)) e.fields = topLevelFields(after).map((f) => ({ name: f, type: '' }));
      }
    }
  };
  for (const s of services) for (const l of s.text) scan(l, s.name);
  for (const l of lines) scan(l);
  // Sections about one event: "### 4.2 OrderCreated Event".
  for (const s of secs) {
    const names = eventNamesIn(s.title);
    if (names.length !== 1) continue;
    const e = get(names[0]!);
    const body = s.body.join('\n');
    const channel = /\bchannel\s+[`"']?([A-Za-z0-9_.\-/]+)[`"']?/i.exec(body);
    if (channel) e.address = channel[1]!.replace(/[.,;]+$/, '');
    const by = new RegExp(`\\b(?:published|emitted|produced|sent)\\s+by\\s+(?:the\\s+)?[\`*]*([a-z][a-z0-9-]*)`, 'i').exec(body);
    if (by && svcNames.includes(by[1]!.toLowerCase()) && !e.publisher) e.publisher = by[1]!.toLowerCase();
    for (const t of tables(s.body)) {
      const nCol = t.headers.findIndex((h) => /field|name|property/.test(h));
      const tCol = t.headers.findIndex((h) => /type/.test(h));
      if (nCol < 0) continue;
      const fields = t.rows.map((r) => ({ name: plain(r[nCol] ?? ''), type: tCol >= 0 ? plain(r[tCol] ?? '') : '' })).filter((f) => /^[A-Za-z_]\w*$/.test(f.name));
      if (fields.length) e.fields = fields;
    }
  }
  // Contract tables: Provider + Consumer columns, events named in a row.
  for (const t of tables(lines)) {
    const pCol = t.headers.findIndex((h) => /provider|producer|publisher/.test(h));
    const cCol = t.headers.findIndex((h) => /consumer|subscriber/.test(h));
    if (pCol < 0 || cCol < 0) continue;
    for (const row of t.rows) {
      const evs = eventNamesIn(row.join(' '));
      const provider = serviceNamesIn(row[pCol] ?? '')[0];
      for (const name of evs) {
        const e = get(name);
        if (provider && svcNames.includes(provider) && !e.publisher) e.publisher = provider;
        for (const c of serviceNamesIn(row[cCol] ?? '')) if (svcNames.includes(c)) addConsumer(e, c);
      }
    }
  }
  for (const e of events.values()) {
    if (!e.publisher) e.publisher = entityOwner(e.name.replace(new RegExp(`(${PAST})$`), ''));
    e.consumers = e.consumers.filter((c) => c !== e.publisher);
  }
  return [...events.values()].sort((a, b) => a.name.localeCompare(b.name));
}
