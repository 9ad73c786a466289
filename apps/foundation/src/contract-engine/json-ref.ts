/** Maximum depth when following local $refs (guards recursive schemas). */
const MAX_DEPTH = 24;

/**
 * Resolve a local JSON pointer (`#/components/schemas/User`) inside `root`.
 *
 * @example
 * resolvePointer(spec, '#/components/schemas/Order');
 */
export function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const parts = ref.slice(1).split('/').filter(Boolean).map((p) => decodeURIComponent(p.replace(/~1/g, '/').replace(/~0/g, '~')));
  let cur: unknown = root;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/**
 * Return a copy of `node` with local `$ref`s replaced by their targets,
 * up to a bounded depth (recursive references stop as `{}`).
 *
 * @example
 * derefLocal({ $ref: '#/a' }, { a: { type: 'string' } }); // { type: 'string' }
 */
export function derefLocal(node: unknown, root: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return {};
  if (Array.isArray(node)) return node.map((n) => derefLocal(n, root, depth + 1));
  if (node === null || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  if (typeof obj.$ref === 'string') {
    const target = resolvePointer(root, obj.$ref);
    const { $ref: _ignored, ...rest } = obj;
    const merged = target && typeof target === 'object' ? { ...(target as Record<string, unknown>), ...rest } : rest;
    return derefLocal(merged, root, depth + 1);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = derefLocal(v, root, depth + 1);
  return out;
}
