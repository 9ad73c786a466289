import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/program.js';
import { loadState } from '../../src/state/state-store.js';
import { runBin } from '../helpers/bin.js';
import { PRD_TEXT } from '../helpers/fake-pipeline.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'so-cli-'));

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0] as string;
}

describe('super-orchestrator CLI', () => {
  it('--help lists all 8 commands of seed 004 section 9 (B3-05)', () => {
    const r = runBin(['--help'], tmp());
    expect(r.status).toBe(0);
    expect(COMMANDS).toEqual(['init', 'plan', 'build', 'integrate', 'verify', 'run', 'status', 'resume']);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    for (const opt of ['--config', '--verbose', '--depth', '--output-dir']) expect(r.stdout).toContain(opt);
  });

  it('init validates the PRD, creates .super-orchestrator with PRD.md, config.yaml and an init state', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'prd.md'), PRD_TEXT);
    const r = runBin(['init', 'prd.md'], dir);
    expect(r.status, r.stderr).toBe(0);
    const state = loadState(join(dir, '.super-orchestrator'));
    expect(state?.current_state).toBe('init');
    expect(state?.prd_path).toBe(join(dir, '.super-orchestrator', 'PRD.md'));
    expect(existsSync(join(dir, 'config.yaml'))).toBe(true);
    expect(r.stdout).toContain(state?.pipeline_id);

    const status = runBin(['status'], dir);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain('State: init');
    const json = runBin(['status', '--json'], dir);
    expect(JSON.parse(json.stdout).pipeline_id).toBe(state?.pipeline_id);
  });

  it('a missing or too short PRD is one clear line, exit 2, nothing written', () => {
    const dir = tmp();
    const missing = runBin(['init', 'nope.md'], dir);
    expect(missing.status).toBe(2);
    expect(oneLine(missing.stderr)).toMatch(/^super-orchestrator: PRD file not found: .*nope\.md$/);
    writeFileSync(join(dir, 'short.md'), '# too short');
    const short = runBin(['run', '--prd', 'short.md'], dir);
    expect(short.status).toBe(2);
    expect(oneLine(short.stderr)).toContain('is too short (11 characters; more than 100 needed)');
    expect(existsSync(join(dir, '.super-orchestrator'))).toBe(false);
  });

  it('a bad config field is named, exit 2', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'prd.md'), PRD_TEXT);
    writeFileSync(join(dir, 'bad.yaml'), 'builder:\n  max_concurrent: zero\n');
    const r = runBin(['--config', 'bad.yaml', 'init', 'prd.md'], dir);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/bad\.yaml: field "builder\.max_concurrent" is invalid/);
    writeFileSync(join(dir, 'typo.yaml'), 'budget_limt: 5\n');
    const typo = runBin(['-c', 'typo.yaml', 'init', 'prd.md'], dir);
    expect(typo.status).toBe(2);
    expect(oneLine(typo.stderr)).toContain('budget_limt');
  });

  it('commands refuse the wrong state or a missing pipeline with exit 2', () => {
    const dir = tmp();
    const none = runBin(['status'], dir);
    expect(none.status).toBe(2);
    expect(oneLine(none.stderr)).toContain('no pipeline in');
    writeFileSync(join(dir, 'prd.md'), PRD_TEXT);
    expect(runBin(['init', 'prd.md'], dir).status).toBe(0);
    const verify = runBin(['verify'], dir);
    expect(verify.status).toBe(2);
    expect(oneLine(verify.stderr)).toContain('`verify` cannot run in state init');
    const again = runBin(['init', 'prd.md'], dir);
    expect(again.status).toBe(0); // a pipeline still in init may be re-initialized
  });

  it('plan without a usable .mcp.json is bad input: one line, exit 2, the state stays where it was', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'prd.md'), PRD_TEXT);
    expect(runBin(['init', 'prd.md'], dir).status).toBe(0);
    const plan = runBin(['plan'], dir);
    expect(plan.status).toBe(2);
    expect(oneLine(plan.stderr)).toContain('config field "mcp_config" is empty');
    expect(loadState(join(dir, '.super-orchestrator'))?.current_state).toBe('init');
    writeFileSync(join(dir, 'missing-mcp.yaml'), 'mcp_config: nowhere/.mcp.json\n');
    const missing = runBin(['-c', 'missing-mcp.yaml', 'plan'], dir);
    expect(missing.status).toBe(2);
    expect(oneLine(missing.stderr)).toContain(`MCP config not found or unreadable: ${join(dir, 'nowhere/.mcp.json')}`);
    writeFileSync(join(dir, 'role.yaml'), `mcp_config: ${join(__dirname, '../../../foundation/.mcp.json')}\nmcp_servers: { architect: planner }\n`);
    const role = runBin(['-c', 'role.yaml', 'plan'], dir);
    expect(role.status).toBe(2);
    expect(oneLine(role.stderr)).toMatch(/has no server "planner" for the architect role \(servers: architect, contract-engine, codebase-intelligence\); set mcp_servers\.architect$/);
    expect(loadState(join(dir, '.super-orchestrator'))?.current_state).toBe('init');
  });

  it('unknown commands and options exit 2', () => {
    expect(runBin(['frobnicate'], tmp()).status).toBe(2);
    expect(runBin(['status', '--bogus'], tmp()).status).toBe(2);
    expect(runBin(['--depth', 'deep', 'status'], tmp()).status).toBe(2);
  });
});
