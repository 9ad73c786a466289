import type { Operation } from './openapi-operations.js';
import type { ObservedResponse } from './response-checks.js';

const MAX_PER_COLLECTION = 20;
const METHOD_RANK: Record<string, number> = { POST: 0, GET: 1, HEAD: 1, OPTIONS: 1, PUT: 2, PATCH: 2, DELETE: 3 };

/**
 * Order operations so resources exist before they are read, changed or
 * deleted: POST first, then reads, then PUT/PATCH, DELETE last (stable
 * within a rank).
 *
 * @example
 * orderForState(ops).map((o) => o.method); // ['POST', 'GET', 'PUT', 'DELETE']
 */
export function orderForState(operations: readonly Operation[]): Operation[] {
  return operations
    .map((op, i) => ({ op, i }))
    .sort((a, b) => (METHOD_RANK[a.op.method] ?? 1) - (METHOD_RANK[b.op.method] ?? 1) || a.i - b.i)
    .map((x) => x.op);
}

function collectionOf(path: string): string {
  return path.replace(/\/\{[^}]+\}$/, '') || '/';
}

/**
 * Ids of resources the service returned, by collection path, so later
 * requests address existing resources (the way Schemathesis's stateful
 * phase follows links): `POST /orders` → `{ id }` feeds `{id}` of
 * `GET /orders/{id}`.
 */
export class ResourcePool {
  private readonly ids = new Map<string, unknown[]>();

  /**
   * Record the `id` of a 2xx JSON object response (or of each object of an array response).
   *
   * @example
   * pool.remember('/orders', { status: 201, headers: { 'content-type': 'application/json' }, body: '{"id":"a"}', elapsedMs: 1 });
   */
  remember(path: string, res: ObservedResponse): void {
    if (!/json/i.test(res.headers['content-type'] ?? '')) return;
    let data: unknown;
    try {
      data = JSON.parse(res.body);
    } catch {
      return;
    }
    const items = Array.isArray(data) ? data.slice(0, MAX_PER_COLLECTION) : [data];
    const key = collectionOf(path);
    const list = this.ids.get(key) ?? [];
    for (const item of items) {
      const id = item !== null && typeof item === 'object' ? (item as Record<string, unknown>).id : undefined;
      if ((typeof id === 'string' || typeof id === 'number') && !list.includes(id)) list.push(id);
    }
    this.ids.set(key, list.slice(-MAX_PER_COLLECTION));
  }

  /**
   * Known values for path parameter `name` of `path` (the collection the parameter indexes).
   *
   * @example
   * pool.valuesFor('/orders/{id}', 'id'); // ['a']
   */
  valuesFor(path: string, name: string): readonly unknown[] {
    const at = path.indexOf(`{${name}}`);
    if (at < 0) return [];
    return this.ids.get(path.slice(0, at).replace(/\/$/, '') || '/') ?? [];
  }
}
