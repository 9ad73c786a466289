import { rmSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProbeJUnit, formatProbeJson, formatProbeText, probeServers, ProbeReportSchema, type ProbeProgress, type ProbeReport } from '../src/index.js';
import { childPids, npmServer, waitFor } from './helpers.js';

// @modelcontextprotocol/server-everything and -memory, installed from npm, probed with the `auto` profile.
let report: ProbeReport;
const events: ProbeProgress[] = [];
const rec = (id: string) => report.checks.find((c) => c.id === id);

beforeAll(async () => {
  report = await probeServers({
    servers: [npmServer('server-everything', 'everything'), npmServer('server-memory', 'memory', { MEMORY_FILE_PATH: `/tmp/run4-probe-memory-${process.pid}.jsonl` })],
    profile: 'auto',
    // Start-up deadlines stay at the probe's defaults (generous: CI runs on 2 busy cores); the call
    // deadline is short only so trigger-long-running-operation's 10 s default exceeds it.
    timeouts: { callMs: 8000 },
    latencySamples: 1,
    onProgress: (e) => events.push(e),
  });
}, 600_000);
afterAll(async () => {
  rmSync(`/tmp/run4-probe-memory-${process.pid}.jsonl`, { force: true });
  expect(await waitFor(() => childPids().length === 0)).toBe(true);
});

describe('auto profile against third-party servers', () => {
  it('completes and lists what each server offers', () => {
    const everything = report.servers.find((s) => s.name === 'everything');
    expect(everything?.status).toBe('healthy');
    // 13 tools, plus get-roots-list because the probe's client offers roots (its scratch dir)
    expect(everything?.toolNames).toHaveLength(14);
    expect(everything?.toolNames).toEqual(expect.arrayContaining(['echo', 'get-roots-list']));
    expect(report.servers.find((s) => s.name === 'memory')?.toolNames).toHaveLength(9);
    expect(rec('mcp.everything.tool-names')?.status).toBe('PASS');
    expect(rec('mcp.everything.schemas')?.status).toBe('PASS');
  });

  it('reports what it saw: echo works, structured output conforms, task-only tools are skipped with the reason', () => {
    expect(rec('mcp.everything.echo.valid')?.evidence).toContain('Echo: run4-probe');
    expect(rec('mcp.everything.echo.invalid')?.status).toBe('PASS');
    expect(rec('mcp.everything.get-structured-content.output-schema')?.status).toBe('PASS');
    expect(rec('mcp.memory.read_graph.output-schema')?.status).toBe('PASS');
    expect(rec('mcp.everything.simulate-research-query.valid')).toMatchObject({ status: 'SKIP', evidence: expect.stringContaining('task augmentation') });
  });

  it('reports the 10 s default of trigger-long-running-operation as a timeout under an 8 s call deadline', () => {
    expect(rec('mcp.everything.trigger-long-running-operation.valid')?.status).toBe('PASS');
    expect(rec('mcp.everything.trigger-long-running-operation.defaults')).toMatchObject({ status: 'FAIL', evidence: expect.stringContaining('timed out') });
  });

  it('runs the lifecycle checks on both servers', () => {
    for (const s of ['everything', 'memory']) {
      expect(rec(`mcp.${s}.lifecycle.sequential`)?.status).toBe('PASS');
      expect(rec(`mcp.${s}.lifecycle.timeout`)?.status).toBe('PASS');
      expect(rec(`mcp.${s}.lifecycle.kill-reconnect`)?.status).toBe('PASS');
      expect(rec(`mcp.${s}.lifecycle.reopen`)?.status).toBe('SKIP');
    }
    expect(rec('mcp.lifecycle.simultaneous')?.status).toBe('PASS');
    expect(rec('mcp.inventory.collisions')?.status).toBe('PASS');
  });

  it('calls only read-only tools, reports why the others were not called, and raises no WARN', () => {
    const memory = report.servers.find((s) => s.name === 'memory')!;
    expect(memory.toolCalls.filter((d) => d.called).map((d) => d.tool).sort()).toEqual(['open_nodes', 'read_graph', 'search_nodes']);
    expect(rec('mcp.memory.delete_entities.valid')).toMatchObject({ status: 'SKIP', evidence: expect.stringContaining('destructiveHint: true') });
    expect(rec('mcp.everything.toggle-simulated-logging.valid')?.status).toBe('SKIP');
    expect(report.checks.filter((c) => c.status === 'WARN').map((c) => `${c.id}: ${c.evidence}`)).toEqual([]);
  });

  it('streams progress events for every check', () => {
    expect(events.filter((e) => e.type === 'check')).toHaveLength(report.checks.length);
    expect(events.filter((e) => e.type === 'server-done').map((e) => (e as { server: string }).server).sort()).toEqual(['everything', 'memory']);
  });
});

describe('formatters', () => {
  it('text names every non-PASS check and ends with the totals', () => {
    const text = formatProbeText(report);
    expect(text).toContain('■ everything');
    expect(text).toContain('FAIL mcp.everything.trigger-long-running-operation.defaults');
    expect(text.trim().split('\n').at(-1)).toMatch(/^\d+ passed, \d+ failed, \d+ skipped, \d+ warned — FAILED$/);
  });

  it('JSON round-trips through the report schema', () => {
    expect(ProbeReportSchema.parse(JSON.parse(formatProbeJson(report)))).toEqual(report);
  });

  it('JUnit has one testcase per check and one failure per FAIL', () => {
    const xml = new XMLParser({ ignoreAttributes: false }).parse(formatProbeJUnit(report));
    expect(Number(xml.testsuites['@_tests'])).toBe(report.checks.length);
    expect(Number(xml.testsuites['@_failures'])).toBe(report.summary.failed);
  });

});
