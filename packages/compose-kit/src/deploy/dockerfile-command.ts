import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';

/** The start command and default env a Dockerfile declares. */
export interface DockerfileCommand {
  dockerfile: string;
  /** ENTRYPOINT (exec form) + final CMD; shell-form CMD becomes `/bin/sh -c <cmd>`. */
  argv: string[];
  /** ENV instructions, in order. */
  env: Record<string, string>;
  /** EXPOSEd ports. */
  expose: number[];
  /** The HEALTHCHECK command text, when the Dockerfile has one. */
  healthcheck?: string;
}

function jsonOrShell(raw: string | null): string[] | undefined {
  if (raw === null) return undefined;
  const text = raw.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text.replace(/\\\r?\n/g, ''));
      if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string')) return parsed;
    } catch {
      // not valid JSON: Docker then treats it as shell form
    }
  }
  return ['/bin/sh', '-c', text];
}

/**
 * Read a Dockerfile (parsed with dockerfile-ast) and return the command its
 * final CMD (after any ENTRYPOINT) runs, plus ENV and EXPOSE.
 *
 * @example
 * const { argv } = readDockerfileCommand('apps/foundation', 'Dockerfile.architect');
 * // ['node', 'dist/architect/http.js']
 */
export function readDockerfileCommand(context: string, dockerfile = 'Dockerfile'): DockerfileCommand {
  const file = path.resolve(context, dockerfile);
  const df = DockerfileParser.parse(readFileSync(file, 'utf8'));
  const cmd = jsonOrShell(df.getCMDs().at(-1)?.getArgumentsContent() ?? null);
  const entry = jsonOrShell(df.getENTRYPOINTs().at(-1)?.getArgumentsContent() ?? null);
  const argv = [...(entry ?? []), ...(cmd ?? [])];
  if (argv.length === 0) throw new Error(`${file} has no CMD or ENTRYPOINT: the process backend cannot tell how to start the service`);
  const env: Record<string, string> = {};
  for (const e of df.getENVs()) for (const p of e.getProperties()) env[p.getName()] = p.getValue() ?? '';
  const expose: number[] = [];
  for (const ins of df.getInstructions()) {
    if (ins.getKeyword() !== 'EXPOSE') continue;
    for (const a of ins.getArguments()) if (/^\d+/.test(a.getValue())) expose.push(Number.parseInt(a.getValue(), 10));
  }
  const hc = df.getHEALTHCHECKs().at(-1)?.getArgumentsContent() ?? undefined;
  return { dockerfile: file, argv, env, expose, ...(hc ? { healthcheck: hc } : {}) };
}
