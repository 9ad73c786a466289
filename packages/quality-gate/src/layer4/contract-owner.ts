import { identifierWords } from '../layer3/ast.js';
import type { ContractFacts } from './contracts.js';

/** Spellings of a service name as it appears in text: `billing-service`, `billing_service`, `billingservice`. */
export function serviceNameVariants(name: string): string[] {
  const words = identifierWords(name);
  const variants = [words.join('-'), words.join('_'), words.join('')];
  return [...new Set(variants.filter((v) => v.length >= 3))];
}

/** Whether lower-cased `text` names one of `variants` as a whole word. */
export function mentionsName(text: string, variants: readonly string[]): boolean {
  return variants.some((v) => new RegExp(`(^|[^a-z0-9])${v.replace(/[-]/g, '\\-')}($|[^a-z0-9])`).test(text));
}

function named(texts: readonly string[], services: readonly string[]): string[] {
  const text = texts.join('\n').toLowerCase();
  return services.filter((s) => mentionsName(text, serviceNameVariants(s)));
}

/** What {@link contractOwner} needs to know besides the document. */
export interface OwnerContext {
  /** The service whose directory holds the document. */
  readonly holder: string;
  /** Every scanned service. */
  readonly services: readonly string[];
  /** Services whose code publishes any of the document's `send` channels. */
  readonly publishers: ReadonlySet<string>;
}

/**
 * The service an AsyncAPI document describes (the application whose operations `send`), in this order:
 * a single service named by `info.title` or an `info.x-*` extension; a single service named by the
 * `send` operations' ids, titles or descriptions; the holder when its own code publishes the channels;
 * the single other service whose code does; otherwise the holder. A consumer that keeps a copy of its
 * provider's document is thereby read as consuming those channels, not sending them.
 *
 * @example
 * contractOwner(notificationCopy, { holder: 'mailer-service', services, publishers: new Set(['billing-service']) });
 * // 'billing-service'
 */
export function contractOwner(doc: ContractFacts, ctx: OwnerContext): string {
  const facts = doc.asyncapi;
  if (!facts) return ctx.holder;
  const byInfo = named(facts.infoTexts, ctx.services);
  if (byInfo.length === 1) return byInfo[0] as string;
  const bySend = named(facts.sendTexts, ctx.services);
  if (bySend.length === 1) return bySend[0] as string;
  if (ctx.publishers.has(ctx.holder)) return ctx.holder;
  const others = [...ctx.publishers].filter((s) => s !== ctx.holder);
  return others.length === 1 ? (others[0] as string) : ctx.holder;
}
