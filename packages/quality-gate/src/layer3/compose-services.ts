import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import type { ParsedFile } from './rule.js';
import { lineOfOffset } from './source-file.js';

/** One compose service with merge keys resolved, and a way to find the line of a field. */
export interface ComposeService {
  readonly name: string;
  /** The service definition with `<<: *anchor` merges applied. */
  readonly config: Record<string, unknown>;
  /** 1-based line of `field` in this service (or of the service key when the field came from a merge). */
  lineOf(field: string): number;
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null)?.range?.[0];
}

/**
 * Offset of `field` in a compose mapping: its own key, else (as YAML merge applies them: own keys
 * first, then `<<` sources in order) the key in the anchored mapping it was merged from.
 */
function fieldStart(doc: Document, node: unknown, field: string, depth: number): number | undefined {
  if (depth > 8) return undefined;
  const map = isAlias(node) ? node.resolve(doc) : node;
  if (!isMap(map)) return undefined;
  const own = map.items.find((p) => isScalar(p.key) && p.key.value === field);
  if (own) return rangeStart(own.key);
  const merge = map.items.find((p) => isScalar(p.key) && (p.key.value === '<<' || typeof p.key.value === 'symbol'));
  if (!merge) return undefined;
  const sources = isSeq(merge.value) ? merge.value.items : [merge.value];
  for (const src of sources) {
    const start = fieldStart(doc, src, field, depth + 1);
    if (start !== undefined) return start;
  }
  return undefined;
}

/**
 * The services of a compose file.
 *
 * @example
 * composeServices(file).filter((s) => s.config.privileged === true);
 */
export function composeServices(file: ParsedFile): ComposeService[] {
  const doc = file.compose as Document | undefined;
  if (!doc || doc.errors.length > 0) return [];
  let resolved: { services?: Record<string, unknown> } | null;
  try {
    // parseSource() already refused documents over the alias limit; this guards files parsed elsewhere.
    resolved = doc.toJS({ maxAliasCount: 100 }) as { services?: Record<string, unknown> } | null;
  } catch {
    return [];
  }
  const servicesNode = doc.get('services', true) as YamlNode | undefined;
  if (!resolved?.services || !isMap(servicesNode)) return [];
  const out: ComposeService[] = [];
  for (const pair of servicesNode.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const config = resolved.services[name];
    if (!config || typeof config !== 'object') continue;
    const serviceLine = lineOfOffset(file.text, rangeStart(pair.key) ?? 0);
    const value = pair.value;
    out.push({
      name,
      config: config as Record<string, unknown>,
      lineOf(field) {
        const start = fieldStart(doc, value, field, 0);
        return start === undefined ? serviceLine : lineOfOffset(file.text, start);
      },
    });
  }
  return out;
}
