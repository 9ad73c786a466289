import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function tsModule(i: number, total: number): string {
  const lines: string[] = [];
  const dep = (i + 1) % total;
  lines.push(`import { helper${dep}_0 } from './module-${dep}.js';`, '', `/** Configuration of module ${i}. */`, `export const LIMIT_${i} = ${i * 7};`, '');
  for (let f = 0; f < 6; f += 1) {
    lines.push(`/**`, ` * Compute value ${f} for order records of module ${i}.`, ` */`, `export function helper${i}_${f}(input: number, factor = ${f + 1}): number {`);
    for (let k = 0; k < 8; k += 1) lines.push(`  const step${k} = input * factor + ${k}; // accumulate payment totals`, `  if (step${k} > LIMIT_${i}) input -= step${k} % 3;`);
    lines.push(`  return ${f === 0 ? `helper${dep}_0 === undefined ? input : input` : `helper${i}_${f - 1}(input, factor)`};`, '}', '');
  }
  lines.push(`export class Service${i} {`, `  private readonly cache = new Map<string, number>();`, '');
  for (let m = 0; m < 6; m += 1) {
    lines.push(`  /** Process item ${m}. */`, `  process${m}(key: string, amount: number): number {`);
    for (let k = 0; k < 6; k += 1) lines.push(`    const total${k} = amount + ${k} * helper${i}_${m % 6}(amount);`, `    this.cache.set(key + '${k}', total${k});`);
    lines.push(`    return this.cache.get(key) ?? 0;`, '  }', '');
  }
  lines.push('}', '');
  return lines.join('\n');
}

function pyModule(i: number, total: number): string {
  const lines: string[] = [];
  const dep = (i + 1) % total;
  lines.push(`"""Inventory module ${i}."""`, `from .inv_${dep} import compute_${dep}_0`, '', `MAX_ITEMS_${i} = ${i * 3}`, '', '');
  for (let f = 0; f < 6; f += 1) {
    lines.push(`def compute_${i}_${f}(value, factor=${f + 1}):`, `    """Compute stock level ${f} for warehouse records."""`);
    for (let k = 0; k < 8; k += 1) lines.push(`    step_${k} = value * factor + ${k}`, `    if step_${k} > MAX_ITEMS_${i}:`, `        value -= step_${k} % 3`);
    lines.push(`    return ${f === 0 ? `value if compute_${dep}_0 else value` : `compute_${i}_${f - 1}(value, factor)`}`, '', '');
  }
  lines.push(`class Warehouse${i}:`, `    """Warehouse ${i}."""`, '');
  for (let m = 0; m < 5; m += 1) {
    lines.push(`    def restock_${m}(self, sku, amount):`, `        """Restock item ${m}."""`);
    for (let k = 0; k < 5; k += 1) lines.push(`        total_${k} = amount + ${k} * compute_${i}_${m % 6}(amount)`, `        self.levels[sku] = total_${k}`);
    lines.push(`        return self.levels.get(sku, 0)`, '');
  }
  return lines.join('\n');
}

/**
 * Write a deterministic source tree of about `targetLoc` lines (TypeScript and
 * Python modules importing each other) under `root`.
 *
 * @example
 * generateTree('/tmp/tree', 50_000); // { files: 260, loc: 50_3xx }
 */
export function generateTree(root: string, targetLoc: number): { files: number; loc: number } {
  const ts = join(root, 'orders', 'src');
  const py = join(root, 'inventory', 'inventory');
  mkdirSync(ts, { recursive: true });
  mkdirSync(py, { recursive: true });
  writeFileSync(join(py, '__init__.py'), '');
  let loc = 0;
  let files = 0;
  const perKind = Math.ceil(targetLoc / 2);
  const tsCount = Math.ceil(perKind / tsModule(0, 1).split('\n').length);
  const pyCount = Math.ceil(perKind / pyModule(0, 1).split('\n').length);
  for (let i = 0; i < tsCount; i += 1) {
    const text = tsModule(i, tsCount);
    writeFileSync(join(ts, `module-${i}.ts`), text);
    loc += text.split('\n').length;
    files += 1;
  }
  for (let i = 0; i < pyCount; i += 1) {
    const text = pyModule(i, pyCount);
    writeFileSync(join(py, `inv_${i}.py`), text);
    loc += text.split('\n').length;
    files += 1;
  }
  return { files, loc };
}
