import { type ComposeFile, toStringMap } from './model.js';

/** A parsed compose file with where it came from. */
export interface LoadedComposeFile {
  file: string;
  model: ComposeFile;
}

/** The merged model plus, per service and top-level key, the file that last set it (for error messages). */
export interface MergedCompose {
  model: ComposeFile;
  files: string[];
  /** `/services/<name>/<key>` or `/<section>/<name>` → file that last defined it. */
  origins: Record<string, string>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function deepMerge(base: unknown, over: unknown): unknown {
  if (isObj(base) && isObj(over)) {
    const out: Obj = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k], v) : v;
    return out;
  }
  return over;
}

const toMapOf = (v: unknown, fill: () => unknown): Obj =>
  Array.isArray(v) ? Object.fromEntries(v.map((n) => [String(n), fill()])) : isObj(v) ? v : {};

function mountTarget(v: unknown): string {
  if (typeof v === 'string') {
    const parts = v.split(':');
    return parts.length >= 2 ? parts[1]! : parts[0]!;
  }
  return isObj(v) ? String(v.target ?? '') : '';
}

/** Merge one service per the compose-spec merge rules. */
function mergeService(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = base[key];
    if (prev === undefined) {
      out[key] = value;
      continue;
    }
    switch (key) {
      case 'environment':
      case 'labels':
        out[key] = { ...toStringMap(prev as never), ...toStringMap(value as never) };
        break;
      case 'depends_on':
        out[key] = { ...toMapOf(prev, () => ({ condition: 'service_started' })), ...toMapOf(value, () => ({ condition: 'service_started' })) };
        break;
      case 'networks':
        out[key] = { ...toMapOf(prev, () => null), ...toMapOf(value, () => null) };
        break;
      case 'ports':
      case 'expose':
      case 'dns':
      case 'extra_hosts':
      case 'cap_add':
      case 'cap_drop': {
        const seen = new Set((prev as unknown[]).map((p) => JSON.stringify(p)));
        out[key] = [...(prev as unknown[]), ...(value as unknown[]).filter((p) => !seen.has(JSON.stringify(p)))];
        break;
      }
      case 'volumes': {
        const overTargets = new Set((value as unknown[]).map(mountTarget));
        out[key] = [...(prev as unknown[]).filter((v) => !overTargets.has(mountTarget(v))), ...(value as unknown[])];
        break;
      }
      case 'command':
      case 'entrypoint':
        out[key] = value;
        break;
      case 'build': {
        const b = typeof prev === 'string' ? { context: prev } : (prev as Obj);
        const o = typeof value === 'string' ? { context: value } : (value as Obj);
        const merged = deepMerge(b, o) as Obj;
        if (b.args !== undefined && o.args !== undefined) merged.args = { ...toStringMap(b.args as never), ...toStringMap(o.args as never) };
        out[key] = merged;
        break;
      }
      default:
        // mappings (healthcheck, deploy, ...) merge deeply; scalars and other sequences are replaced
        out[key] = deepMerge(prev, value);
    }
  }
  return out;
}

/**
 * Merge compose files in order, later files overriding earlier ones, with the
 * compose-spec rules: mappings merge, `environment`/`labels`/`depends_on`/
 * `networks` merge by key, `ports`/`expose` append, `volumes` merge by mount
 * target, `command`/`entrypoint` are replaced.
 *
 * @example
 * const merged = mergeComposeFiles([
 *   { file: 'a.yml', model: { services: { api: { image: 'x', environment: { A: '1' } } } } },
 *   { file: 'b.yml', model: { services: { api: { environment: { B: '2' } } } } },
 * ]);
 * merged.model.services.api.environment; // { A: '1', B: '2' }
 */
export function mergeComposeFiles(files: LoadedComposeFile[]): MergedCompose {
  const model: Obj = {};
  const origins: Record<string, string> = {};
  for (const { file, model: doc } of files) {
    for (const [section, value] of Object.entries(doc)) {
      if (section === 'services' && isObj(value)) {
        const services = (model.services ?? {}) as Obj;
        for (const [name, svc] of Object.entries(value)) {
          services[name] = isObj(services[name]) ? mergeService(services[name] as Obj, svc as Obj) : svc;
          for (const key of Object.keys(svc as Obj)) origins[`/services/${name}/${key}`] = file;
          origins[`/services/${name}`] ??= file;
        }
        model.services = services;
      } else if (isObj(value)) {
        model[section] = deepMerge(model[section] ?? {}, value);
        for (const name of Object.keys(value)) origins[`/${section}/${name}`] = file;
      } else {
        model[section] = value;
      }
    }
  }
  return { model: model as ComposeFile, files: files.map((f) => f.file), origins };
}
