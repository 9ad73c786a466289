import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, posix, relative, resolve, sep } from 'node:path';
import { propsOf } from '../model/behaviour.js';
import type { ServiceModel } from '../model/service-model.js';
import type { FixPass } from '../state.js';
import { HANDLERS_MAP_START, handlerNames, handlerSource } from '../generate/emit-handlers.js';
import type { FixItem } from './instructions.js';
import { cleanSchema } from '../contracts/types.js';
import { OPERATIONS_START } from '../generate/emit-files.js';
import { RUNTIME_FILES, templatesDir } from '../generate/templates.js';

/** Codes the fix pass knows how to repair. */
export const FIXABLE = ['HEALTH-001', 'SCHEMA-001', 'LOG-001', 'LOG-004'] as const;

type Outcome = { fixed: FixPass['fixed']; notFixed: FixPass['not_fixed'] };

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    for (const entry of await readdir(join(dir, rel), { withFileTypes: true }).catch(() => [])) {
      const child = posix.join(rel, entry.name);
      if (entry.isDirectory()) await walk(child);
      else if (/\.(m?js|ts)$/.test(entry.name)) out.push(child);
    }
  };
  await walk('src');
  return out;
}

/** The named file when it is a source file inside `dir`, else every file under src/. */
async function targetsFor(dir: string, item: FixItem): Promise<string[]> {
  const all = await sourceFiles(dir);
  const rel = relative(dir, resolve(dir, item.file)).split(sep).join('/');
  return all.includes(rel) ? [rel] : all;
}

async function fixHealth(dir: string, model: ServiceModel, item: FixItem): Promise<Outcome> {
  const health = model.operations.find((op) => op.behaviour === 'health');
  const file = join(dir, 'src/handlers.js');
  const text = await readFile(file, 'utf8').catch(() => '');
  if (!health || !text.includes(HANDLERS_MAP_START)) {
    return { fixed: [], notFixed: [{ code: item.code, file: item.file, ...(item.line ? { line: item.line } : {}), reason: 'src/handlers.js has no handler map to add the health route to' }] };
  }
  if (text.includes(`${JSON.stringify(health.key)}:`)) {
    return { fixed: [], notFixed: [{ code: item.code, file: item.file, ...(item.line ? { line: item.line } : {}), reason: `${health.key} is already served; nothing to repair` }] };
  }
  const name = handlerNames(model.operations).get(health.key) ?? 'getHealth';
  const repaired = text
    .replace(HANDLERS_MAP_START, `${handlerSource(health, name)}\n\n${HANDLERS_MAP_START}\n  ${JSON.stringify(health.key)}: ${name},`);
  await writeFile(file, repaired, 'utf8');
  const fixed: FixPass['fixed'] = [{ code: item.code, file: 'src/handlers.js', action: `added the ${health.key} handler and route` }];
  const routesFile = join(dir, 'src/routes.js');
  const routes = await readFile(routesFile, 'utf8').catch(() => '');
  if (routes.includes(OPERATIONS_START) && !routes.includes(`"key": ${JSON.stringify(health.key)}`)) {
    await writeFile(routesFile, routes.replace(OPERATIONS_START, `${OPERATIONS_START}\n  ${JSON.stringify(cleanSchema(health))},`), 'utf8');
    fixed.push({ code: item.code, file: 'src/routes.js', action: `added ${health.key} to the operation table` });
  }
  return { fixed, notFixed: [] };
}

/**
 * The builder's own runtime files (copied verbatim from its templates) among
 * `rels` that no longer match their template: a change there is not the
 * builder's, and regenerating the file removes it.
 */
async function restoreRuntimeFiles(dir: string, rels: readonly string[], code: string): Promise<FixPass['fixed']> {
  const fixed: FixPass['fixed'] = [];
  for (const rel of rels) {
    if (!(RUNTIME_FILES as readonly string[]).includes(rel)) continue;
    const template = await readFile(join(templatesDir(), 'service', rel), 'utf8');
    const current = await readFile(join(dir, rel), 'utf8').catch(() => template);
    if (current === template) continue;
    await writeFile(join(dir, rel), template, 'utf8');
    fixed.push({ code, file: rel, action: `regenerated ${rel} from the builder's template (the changed copy answered outside the contract)` });
  }
  return fixed;
}

async function fixSchema(dir: string, model: ServiceModel, item: FixItem): Promise<Outcome> {
  const documented = new Set<string>();
  for (const op of model.operations) for (const schema of Object.values(op.responses)) for (const key of Object.keys(propsOf(schema))) documented.add(key);
  const targets = await targetsFor(dir, item);
  const fixed: FixPass['fixed'] = await restoreRuntimeFiles(dir, targets, item.code);
  for (const rel of targets) {
    const file = join(dir, rel);
    const lines = (await readFile(file, 'utf8')).split('\n');
    const kept = lines.filter((line, index) => {
      const m = /^\s*payload\.([A-Za-z_$][\w$]*)\s*=.*;\s*$/.exec(line);
      const field = m?.[1];
      if (!field || documented.has(field)) return true;
      fixed.push({ code: item.code, file: rel, line: index + 1, action: `removed the undocumented response field ${field}` });
      return false;
    });
    if (kept.length !== lines.length) await writeFile(file, kept.join('\n'), 'utf8');
  }
  const routes = join(dir, 'src/routes.js');
  const routesText = await readFile(routes, 'utf8').catch(() => '');
  if (routesText.includes('"tolerantResponses": true')) {
    await writeFile(routes, routesText.replace('"tolerantResponses": true', '"tolerantResponses": false'), 'utf8');
    if (fixed.length > 0) fixed.push({ code: item.code, file: 'src/routes.js', action: 'made the service tests reject undocumented response fields again' });
  }
  if (fixed.length > 0) return { fixed, notFixed: [] };
  return { fixed: [], notFixed: [{ code: item.code, file: item.file, ...(item.line ? { line: item.line } : {}), reason: 'no response field outside the contract was found in the source' }] };
}

const CONSOLE = /\bconsole\.(log|info|debug|warn|error)\(/g;
const LEVEL: Record<string, string> = { log: 'info', info: 'info', debug: 'debug', warn: 'warn', error: 'error' };

async function fixConsole(dir: string, model: ServiceModel, item: FixItem): Promise<Outcome> {
  const fixed: FixPass['fixed'] = [];
  for (const rel of await targetsFor(dir, item)) {
    const file = join(dir, rel);
    const text = await readFile(file, 'utf8');
    if (!CONSOLE.test(text)) continue;
    CONSOLE.lastIndex = 0;
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (/\bconsole\.(log|info|debug|warn|error)\(/.test(line)) fixed.push({ code: item.code, file: rel, line: index + 1, action: 'replaced a console call with the structured JSON logger' });
    });
    let out = text.replace(CONSOLE, (_, level: string) => `runtimeLogger.${LEVEL[level] ?? 'info'}(`);
    if (!/\bruntimeLogger\b = createLogger/.test(text)) {
      let spec = posix.relative(posix.dirname(rel), 'src/lib/logger.js');
      if (!spec.startsWith('.')) spec = `./${spec}`;
      const header = `import { createLogger } from '${spec}';\nconst runtimeLogger = createLogger(process.env.SERVICE_NAME || '${model.service.name}');\n`;
      const outLines = out.split('\n');
      let lastImport = -1;
      outLines.forEach((l, i) => {
        if (/^import .* from ['"].+['"];?\s*$/.test(l)) lastImport = i;
      });
      outLines.splice(lastImport + 1, 0, header.trimEnd());
      out = outLines.join('\n');
    }
    await writeFile(file, out, 'utf8');
  }
  if (fixed.length > 0) return { fixed, notFixed: [] };
  return { fixed: [], notFixed: [{ code: item.code, file: item.file, ...(item.line ? { line: item.line } : {}), reason: 'no console call found in the source' }] };
}

/**
 * Repair each listed violation this builder knows (HEALTH-001, SCHEMA-001,
 * LOG-001/LOG-004) in the generated service in `dir`; every other code is
 * left untouched and reported as not understood. Each code is repaired once
 * even when listed several times.
 *
 * @example
 * const outcome = await applyFixes(dir, model, parseFixInstructions(text));
 */
export async function applyFixes(dir: string, model: ServiceModel, items: readonly FixItem[]): Promise<Outcome> {
  const fixed: FixPass['fixed'] = [];
  const notFixed: FixPass['not_fixed'] = [];
  const done = new Set<string>();
  for (const item of items) {
    const at = { code: item.code, file: item.file, ...(item.line ? { line: item.line } : {}) };
    if (!(FIXABLE as readonly string[]).includes(item.code)) {
      notFixed.push({ ...at, reason: `code ${item.code} is not understood by the reference builder; left untouched` });
      continue;
    }
    const family = item.code === 'LOG-004' ? 'LOG-001' : item.code;
    if (done.has(family)) {
      if (fixed.some((f) => f.code === item.code || (family === 'LOG-001' && f.code.startsWith('LOG-')) || (family !== 'LOG-001' && f.code === family))) {
        fixed.push({ ...at, action: 'repaired together with the first listing of this code' });
      } else {
        notFixed.push({ ...at, reason: 'an earlier listing of this code found nothing to repair' });
      }
      continue;
    }
    done.add(family);
    const outcome =
      family === 'HEALTH-001' ? await fixHealth(dir, model, item) : family === 'SCHEMA-001' ? await fixSchema(dir, model, item) : await fixConsole(dir, model, item);
    fixed.push(...outcome.fixed);
    notFixed.push(...outcome.notFixed);
  }
  return { fixed, notFixed };
}
