import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { type ComposeIssue, ComposeValidationError } from '../errors.js';
import { interpolate } from './interpolate.js';
import { type MergedCompose, type LoadedComposeFile, mergeComposeFiles } from './merge.js';
import { type ComposeFile, ComposeFileSchema } from './model.js';
import { checkComposeSemantics } from './semantic-checks.js';
import { validateComposeSchema } from './validate-schema.js';

type Obj = Record<string, unknown>;

/** Make relative build contexts and bind-mount sources absolute, relative to the file's directory. */
function resolvePaths(model: ComposeFile, dir: string): ComposeFile {
  const abs = (p: string) => (p.startsWith('.') || (!path.isAbsolute(p) && p.includes('/') && !p.includes('$')) ? path.resolve(dir, p) : p);
  for (const svc of Object.values(model.services ?? {}) as Obj[]) {
    if (typeof svc.build === 'string') svc.build = { context: abs(svc.build) };
    else if (svc.build && typeof svc.build === 'object') {
      const b = svc.build as Obj;
      b.context = abs(typeof b.context === 'string' ? b.context : '.');
    }
    if (Array.isArray(svc.volumes)) {
      svc.volumes = svc.volumes.map((v) => {
        if (typeof v !== 'string') return v;
        const [src, ...rest] = v.split(':');
        return rest.length > 0 && src!.startsWith('.') ? [abs(src!), ...rest].join(':') : v;
      });
    }
  }
  return model;
}

/**
 * Parse and schema-validate a compose document given as text. `file` is only
 * used in messages.
 *
 * @example
 * const model = parseComposeText('services:\n  api:\n    image: node:20\n', 'inline.yml');
 */
export function parseComposeText(text: string, file: string, dir = path.dirname(path.resolve(file))): ComposeFile {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ComposeValidationError(
      doc.errors.map((e) => ({ file, path: `line ${e.linePos?.[0]?.line ?? '?'}`, reason: `YAML syntax: ${e.message.split('\n')[0]}`, kind: 'yaml' as const })),
    );
  }
  const raw: unknown = doc.toJS();
  const issues = validateComposeSchema(raw, file);
  if (issues.length > 0) throw new ComposeValidationError(issues);
  return resolvePaths(ComposeFileSchema.parse(raw), dir);
}

/**
 * Read, parse and validate one compose file against the compose-spec schema.
 *
 * @example
 * const { model } = loadComposeFile('docker/docker-compose.build1.yml');
 */
export function loadComposeFile(file: string): LoadedComposeFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ComposeValidationError([{ file, path: '', reason: 'file not found or unreadable', kind: 'missing-file' }]);
  }
  return { file, model: parseComposeText(text, file) };
}

export interface LoadStackOptions {
  /** Variables for `${VAR}` interpolation (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Compose project name, also exposed as COMPOSE_PROJECT_NAME for interpolation. */
  projectName?: string;
}

/**
 * Load several compose files, validate each against the schema, merge them in
 * order, interpolate variables, and run the semantic checks (dangling
 * depends_on / networks / volumes, host-port clashes) on the merged model.
 * Every problem of every file is reported in one {@link ComposeValidationError}.
 *
 * @example
 * const merged = loadComposeStack(['docker/docker-compose.build1.yml', '.run4/docker-compose.generated.yml']);
 */
export function loadComposeStack(files: string[], options: LoadStackOptions = {}): MergedCompose {
  const issues: ComposeIssue[] = [];
  const loaded: LoadedComposeFile[] = [];
  for (const file of files) {
    try {
      loaded.push(loadComposeFile(file));
    } catch (error) {
      if (error instanceof ComposeValidationError) issues.push(...error.issues);
      else throw error;
    }
  }
  if (issues.length > 0) throw new ComposeValidationError(issues);
  const merged = mergeComposeFiles(loaded);
  const env = { ...(options.env ?? process.env), ...(options.projectName ? { COMPOSE_PROJECT_NAME: options.projectName } : {}) };
  try {
    merged.model = interpolate(merged.model, env);
  } catch (error) {
    throw new ComposeValidationError([{ file: files.join(', '), path: '', reason: (error as Error).message, kind: 'schema' }]);
  }
  const semantic = checkComposeSemantics(merged.model, merged.origins, files.at(-1) ?? '<merged>');
  if (semantic.length > 0) throw new ComposeValidationError(semantic);
  return merged;
}

/**
 * Validate a compose model against the schema and write it as YAML
 * atomically (temp file + rename), so a bad model never leaves a file behind.
 *
 * @example
 * writeComposeFile('.run4/docker-compose.generated.yml', { services: { api: { image: 'node:20' } } });
 */
export function writeComposeFile(file: string, model: ComposeFile, header?: string): string {
  const issues = validateComposeSchema(model, file);
  if (issues.length > 0) throw new ComposeValidationError(issues);
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const text = `${header ? `${header.split('\n').map((l) => `# ${l}`).join('\n')}\n` : ''}${stringify(model, { lineWidth: 0 })}`;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
  return file;
}
