import type { CheckRecord } from '@run4/checks';
import type { BuilderResult } from '@run4/builder-runner';
import { checkCodeIndexing } from '@run4/mcp-probe';
import { walkFiles } from '@run4/quality-gate';
import { roleMissing, type PhaseContext } from './live.js';
import { m4Servers, roleServer } from './phase-mcp-smoke.js';

/**
 * Phase 7 (SC-06, SC-07): index the generated code with Codebase
 * Intelligence and ask it for `find_definition` of a DomainModel entity
 * (mcp-probe checkCodeIndexing; files listed by the quality gate's walker).
 */
export async function phaseIndex(ctx: PhaseContext): Promise<{ checks: CheckRecord[]; data: Record<string, unknown> }> {
  const results = ((ctx.data.builders?.results ?? []) as BuilderResult[]).filter((r) => r.success);
  const { checks, files, symbols } = await checkCodeIndexing({
    server: roleServer(ctx, m4Servers(ctx), 'codebase_intelligence'),
    unavailable: roleMissing(ctx, 'codebase_intelligence', 'mcp'),
    outputs: results.map((r) => ({ service: r.service_id, dir: r.output_dir })),
    // The gate's walker: skips node_modules, data dirs, build output and binaries.
    listFiles: async (dir) => (await walkFiles(dir)).files.map((f) => f.absPath),
    entity: ((ctx.data.decompose?.entities as string[] | undefined) ?? [])[0],
    relativeTo: ctx.outputDir,
    startupTimeoutMs: ctx.config.mcp_first_start_timeout_ms,
    callTimeoutMs: ctx.config.mcp_tool_timeout_ms,
    signal: ctx.signal,
  });
  return { checks, data: files === undefined ? {} : { files, symbols } };
}
