import { CodebaseIntelligenceClient } from './codebase-client.js';
import { ContractEngineClient } from './contract-engine-client.js';
import { emptyReport, type McpReport } from './mcp-report.js';
import type { RolePlan, ServerRole } from './server-plan.js';
import { retryDelays, ToolSession } from './tool-session.js';

/** The Build 1 clients of one build; a client is absent when its server is off or did not start. */
export interface McpSessions {
  report: McpReport;
  plans: Record<ServerRole, RolePlan>;
  contractEngine?: ContractEngineClient;
  codebase?: CodebaseIntelligenceClient;
  /** Why an enabled server is not available (its static fallback runs instead). */
  unavailable: Partial<Record<ServerRole, string>>;
  close: () => Promise<void>;
}

/**
 * Start every enabled server (in parallel) and complete its handshake. A
 * server that cannot start is not retried: its static fallback runs and the
 * report says why (seed R4-M2-006). Never throws.
 *
 * @example
 * const mcp = await openServers(planServers(config, 'thorough', dir), log);
 * try { ... } finally { await mcp.close(); }
 */
export async function openServers(plans: RolePlan[], log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<McpSessions> {
  const report = emptyReport(retryDelays(env));
  const byRole = Object.fromEntries(plans.map((p) => [p.role, p])) as Record<ServerRole, RolePlan>;
  const sessions: ToolSession[] = [];
  const unavailable: McpSessions['unavailable'] = {};
  const settled = await Promise.allSettled(
    plans.map(async (plan) => {
      const server = report.servers[plan.role];
      server.reason = plan.reason;
      if (!plan.enabled || !plan.spec) return undefined;
      const spec = plan.spec;
      server.source = spec.source;
      server.command = [spec.command, ...spec.args].join(' ');
      const session = new ToolSession(spec, report, log, env);
      const t0 = Date.now();
      const failure = await session.start();
      server.startup_ms = Date.now() - t0;
      if (failure !== undefined) {
        server.status = 'fallback';
        server.reason = `server did not start: ${failure}`;
        unavailable[plan.role] = failure;
        log(`mcp: ${plan.role} unavailable (${server.command}, from ${spec.source}): ${failure}; taking the static fallback`);
        await session.close();
        return undefined;
      }
      sessions.push(session);
      server.status = 'used';
      log(`mcp: ${plan.role} up in ${server.startup_ms} ms (${server.command}, from ${spec.source})`);
      return session;
    }),
  );
  // A start that threw (not a server that failed to start: that is a fallback) must not leave the others running.
  const thrown = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (thrown) {
    await Promise.all(sessions.map((s) => s.close()));
    throw thrown.reason;
  }
  const started = settled.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
  const [ce, ci] = [plans.findIndex((p) => p.role === 'contract_engine'), plans.findIndex((p) => p.role === 'codebase_intelligence')];
  const ceSession = ce >= 0 ? started[ce] : undefined;
  const ciSession = ci >= 0 ? started[ci] : undefined;
  return {
    report,
    plans: byRole,
    ...(ceSession ? { contractEngine: new ContractEngineClient(ceSession) } : {}),
    ...(ciSession ? { codebase: new CodebaseIntelligenceClient(ciSession) } : {}),
    unavailable,
    close: async () => {
      await Promise.all(sessions.map((s) => s.close()));
    },
  };
}
