import path from 'node:path';
import { check, runCheck, type CheckRecord } from '@run4/checks';
import { McpConnection } from '../connection.js';
import { clip } from '../http/http-json.js';
import type { ResolvedServer } from '../mcp-config.js';
import { describeOutcome, resultJson } from '../tool-result.js';

const SOURCE = /\.(ts|tsx|js|mjs|cjs|py)$/;

export interface CodeIndexOptions {
  /** The Codebase Intelligence server; undefined when it cannot be reached. */
  server: ResolvedServer | undefined;
  /** Evidence when `server` is undefined. */
  unavailable: string;
  /** The generated code per service: its id and output directory. */
  outputs: readonly { service: string; dir: string }[];
  /** Lists the files of a directory (absolute paths) the way the quality gate walks it (no node_modules, build output, binaries). */
  listFiles: (dir: string) => Promise<string[]>;
  /** An entity of the architect's DomainModel, looked up with `find_definition`. */
  entity: string | undefined;
  /** Evidence paths are shown relative to this directory. */
  relativeTo: string;
  startupTimeoutMs: number;
  callTimeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Index generated code with Codebase Intelligence (`register_artifact` per
 * source file, over MCP; SC-06) and ask it for `find_definition` of a
 * DomainModel entity (SC-07). Returns the checks and how much was indexed.
 *
 * @example
 * const r = await checkCodeIndexing({ server, unavailable: 'no server', outputs: [{ service: 'accounts-api', dir: 'out/accounts-api' }], listFiles, entity: 'User', relativeTo: '.', startupTimeoutMs: 30_000, callTimeoutMs: 30_000 });
 */
export async function checkCodeIndexing(options: CodeIndexOptions): Promise<{ checks: CheckRecord[]; files?: number; symbols?: number }> {
  const { server, outputs, entity } = options;
  if (!server) return { checks: [check('m4.index', 'codebase indexing', 'FAIL', options.unavailable, ['SC-06'])] };
  const conn = await McpConnection.open(server, { startupTimeoutMs: options.startupTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
  try {
    let symbols = 0;
    let files = 0;
    const errors: string[] = [];
    const started = performance.now();
    for (const r of outputs) {
      for (const file of (await options.listFiles(r.dir)).filter((f) => SOURCE.test(f)).sort()) {
        const out = await conn.callTool('register_artifact', { file_path: file, service_name: r.service }, options.callTimeoutMs, options.signal);
        const body = out.kind === 'result' && !out.result.isError ? (resultJson(out.result) as { indexed?: boolean; symbols_found?: number }) : null;
        if (body?.indexed) {
          files += 1;
          symbols += body.symbols_found ?? 0;
        } else errors.push(`${path.relative(options.relativeTo, file)}: ${describeOutcome(out)}`);
      }
    }
    const indexMs = performance.now() - started;
    const indexing = check(
      'm4.index.total-symbols',
      'generated code indexed: total_symbols > 0',
      symbols > 0 && errors.length === 0 ? 'PASS' : 'FAIL',
      `${files} files, ${symbols} symbols from ${outputs.length} services in ${Math.round(indexMs)} ms${errors.length ? `; ${errors.length} failed: ${errors.slice(0, 3).join('; ')}` : ''}`,
      ['SC-06', 'B2-06'],
      indexMs,
      { files, symbols },
    );
    // An entity of the architect's DomainModel must be findable in the code generated for it.
    const query = await runCheck({ id: 'm4.index.find-definition', name: `find_definition("${entity ?? '?'}") answers from the generated code`, requirementIds: ['SC-07', 'X-02'] }, async () => {
      if (!entity) return { status: 'FAIL', evidence: 'the architect reported no DomainModel entity to look up (phase 3)' };
      const out = await conn.callTool('find_definition', { symbol: entity }, options.callTimeoutMs, options.signal);
      if (out.kind !== 'result' || out.result.isError) return { status: 'FAIL', evidence: describeOutcome(out) };
      const def = resultJson(out.result) as { file_path?: string; line_start?: number } | null;
      if (!def?.file_path) return { status: 'FAIL', evidence: `no definition of ${entity} in the indexed generated code: ${clip(def)}` };
      return { status: 'PASS', evidence: `${path.relative(options.relativeTo, def.file_path)}:${def.line_start}` };
    });
    return { checks: [indexing, query], files, symbols };
  } finally {
    await conn.close();
  }
}
