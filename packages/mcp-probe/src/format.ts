import { formatSummaryLine, summarizeChecks, toJUnitXml, type CheckRecord } from '@run4/checks';
import type { ProbeReport } from './report.js';

const MARK: Record<CheckRecord['status'], string> = { PASS: 'PASS', FAIL: 'FAIL', WARN: 'WARN', SKIP: 'SKIP' };

/**
 * Human-readable report: one block per server (status, startup, tools,
 * every non-PASS check with its evidence, latency table), then the
 * cross-server checks and a summary line.
 *
 * @example
 * console.log(formatProbeText(report, { verbose: true }));
 */
export function formatProbeText(report: ProbeReport, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  lines.push(`MCP probe (profile ${report.profile}) — ${report.servers.length} server(s), ${(report.durationMs / 1000).toFixed(1)} s${report.aborted ? ' — ABORTED' : ''}`);
  for (const s of report.servers) {
    lines.push('');
    const info = s.serverInfo ? ` ${s.serverInfo.name}@${s.serverInfo.version}` : '';
    lines.push(`■ ${s.name} [${s.transport}]${info} — ${s.status}${s.startupMs !== null ? `, startup ${Math.round(s.startupMs)} ms` : ''}, ${s.toolNames.length} tools (profile ${s.profile})`);
    if (s.error) lines.push(`  error: ${s.error}`);
    const all = [...s.handshake, ...s.inventory, ...s.roundTrips, ...s.lifecycle, ...s.latencyChecks];
    const sum = summarizeChecks(all);
    lines.push(`  checks: ${formatSummaryLine(sum)}, ${sum.warned} warned`);
    if (s.toolCalls.length) {
      const skipped = s.toolCalls.filter((d) => !d.called);
      const called = s.toolCalls.length - skipped.length;
      lines.push(
        `  tools called: ${called} of ${s.toolCalls.length}${skipped.length ? ` (not called: ${skipped.map((d) => d.tool).join(', ')}; the SKIP lines say why; opt in with --call-tools)` : ''}`,
      );
    }
    for (const c of all) if (options.verbose || c.status !== 'PASS') lines.push(`  ${MARK[c.status]} ${c.id} — ${c.evidence}`);
    const lat = Object.entries(s.latency);
    if (lat.length) {
      lines.push('  latency (ms)                 n     p50     p95     p99   first');
      for (const [tool, st] of lat) {
        const first = st.first === undefined ? '' : st.first.toFixed(1).padStart(8);
        lines.push(`    ${tool.padEnd(26).slice(0, 26)} ${String(st.n).padStart(3)} ${st.p50.toFixed(1).padStart(7)} ${st.p95.toFixed(1).padStart(7)} ${st.p99.toFixed(1).padStart(7)}${first}`);
      }
    }
  }
  if (report.crossServer.length) {
    lines.push('');
    lines.push('■ cross-server');
    for (const c of report.crossServer) lines.push(`  ${MARK[c.status]} ${c.id} — ${c.evidence}`);
  }
  lines.push('');
  const { passed, failed, skipped, warned } = report.summary;
  lines.push(`${passed} passed, ${failed} failed, ${skipped} skipped, ${warned} warned — ${report.summary.ok ? 'OK' : 'FAILED'}`);
  return lines.join('\n') + '\n';
}

/**
 * The report as pretty JSON (the ProbeReport schema).
 *
 * @example
 * writeFileSync('probe.json', formatProbeJson(report));
 */
export function formatProbeJson(report: ProbeReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/**
 * JUnit XML: one `<testsuite>` per server plus one for cross-server checks.
 *
 * @example
 * writeFileSync('junit.xml', formatProbeJUnit(report));
 */
export function formatProbeJUnit(report: ProbeReport): string {
  const suites = report.servers.map((s) => ({
    name: `mcp-probe.${s.name}`,
    checks: [...s.handshake, ...s.inventory, ...s.roundTrips, ...s.lifecycle, ...s.latencyChecks],
  }));
  if (report.crossServer.length) suites.push({ name: 'mcp-probe.cross-server', checks: report.crossServer });
  return toJUnitXml(suites, `mcp-probe (${report.profile})`);
}
