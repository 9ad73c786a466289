import path from 'node:path';
import { check, runCheck, type CheckRecord } from '@run4/checks';
import type { BuilderResult } from '@run4/builder-runner';
import { describeOutcome, McpConnection, resultJson } from '@run4/mcp-probe';
import { walkFiles } from '@run4/quality-gate';
import { clip } from './http-json.js';
import { roleMissing, type PhaseContext } from './live.js';
import { m4Servers, roleServer } from './phase-mcp-smoke.js';

const SOURCE = /\.(ts|tsx|js|mjs|cjs|py)$/;

/**
 * Phase 7 (SC-06, SC-07): index the generated code with Codebase
 * Intelligence (`register_artifact` per source file, over MCP) and ask it
 * for `find_definition("User")`.
 */
export async function phaseIndex(ctx: PhaseContext): Promise<{ checks: CheckRecord[]; data: Record<string, unknown> }> {
  const results = ((ctx.data.builders?.results ?? []) as BuilderResult[]).filter((r) => r.success);
  const server = roleServer(ctx, m4Servers(ctx), 'codebase_intelligence');
  if (!server) return { checks: [check('m4.index', 'codebase indexing', 'FAIL', roleMissing(ctx, 'codebase_intelligence', 'mcp'), ['SC-06'])], data: {} };
  const conn = await McpConnection.open(server, { startupTimeoutMs: ctx.config.mcp_first_start_timeout_ms, signal: ctx.signal });
  try {
    let symbols = 0;
    let files = 0;
    const errors: string[] = [];
    const started = performance.now();
    for (const r of results) {
      // The gate's walker: skips node_modules, data dirs, build output and binaries.
      const { files: walked } = await walkFiles(r.output_dir);
      for (const file of walked.map((f) => f.absPath).filter((f) => SOURCE.test(f)).sort()) {
        const out = await conn.callTool('register_artifact', { file_path: file, service_name: r.service_id }, ctx.config.mcp_tool_timeout_ms, ctx.signal);
        const body = out.kind === 'result' && !out.result.isError ? (resultJson(out.result) as { indexed?: boolean; symbols_found?: number }) : null;
        if (body?.indexed) {
          files += 1;
          symbols += body.symbols_found ?? 0;
        } else errors.push(`${path.relative(ctx.outputDir, file)}: ${describeOutcome(out)}`);
      }
    }
    const indexMs = performance.now() - started;
    const indexing = check(
      'm4.index.total-symbols',
      'generated code indexed: total_symbols > 0',
      symbols > 0 && errors.length === 0 ? 'PASS' : 'FAIL',
      `${files} files, ${symbols} symbols from ${results.length} services in ${Math.round(indexMs)} ms${errors.length ? `; ${errors.length} failed: ${errors.slice(0, 3).join('; ')}` : ''}`,
      ['SC-06', 'B2-06'],
      indexMs,
      { files, symbols },
    );
    // An entity of the architect's DomainModel must be findable in the code generated for it.
    const entity = ((ctx.data.decompose?.entities as string[] | undefined) ?? [])[0];
    const query = await runCheck({ id: 'm4.index.find-definition', name: `find_definition("${entity ?? '?'}") answers from the generated code`, requirementIds: ['SC-07', 'X-02'] }, async () => {
      if (!entity) return { status: 'FAIL', evidence: 'the architect reported no DomainModel entity to look up (phase 3)' };
      const out = await conn.callTool('find_definition', { symbol: entity }, ctx.config.mcp_tool_timeout_ms, ctx.signal);
      if (out.kind !== 'result' || out.result.isError) return { status: 'FAIL', evidence: describeOutcome(out) };
      const def = resultJson(out.result) as { file_path?: string; line_start?: number } | null;
      if (!def?.file_path) return { status: 'FAIL', evidence: `no definition of ${entity} in the indexed generated code: ${clip(def)}` };
      return { status: 'PASS', evidence: `${path.relative(ctx.outputDir, def.file_path)}:${def.line_start}` };
    });
    return { checks: [indexing, query], data: { files, symbols } };
  } finally {
    await conn.close();
  }
}
