import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  agentTeamsFallbackProbe,
  checkAgentTeamsFallback,
  checkConfigGeneration,
  checkFixPass,
  checkParallelIsolation,
  checkStateJsonParsing,
  DEFAULT_FIX_VIOLATIONS,
  generateBuilderConfig,
  prepareBuilderDir,
  runBuilder,
  runBuilderWiringChecks,
  } from '../../src/index.js';
import { FIXTURES, fixtureCommand, removeTempDirs, tempDir } from '../helpers.js';
import { tasktrackerServices } from '../../../../fixtures/tasktracker/services.js';

afterAll(removeTempDirs);

const services = tasktrackerServices(fileURLToPath(new URL('../../../../fixtures/tasktracker/', import.meta.url)));
const validate = [process.execPath, join(FIXTURES, 'validate-config.mjs'), '--validate-config', '{config}'];

// Each test runs several builder and validator processes: on two busy cores that takes
// well over the default 30 s, so the tests get a generous deadline rather than racing it.
const SLOW = { timeout: 240_000 };

describe('runBuilderWiringChecks', SLOW, () => {
  it('passes all M3 checks with a builder honouring the contract, R4-M3-006 SKIP with the reason', async () => {
    const report = await runBuilderWiringChecks({
      workDir: await tempDir(),
      command: fixtureCommand('good-builder.mjs', ['--sleep', '200']),
      validateConfigCommand: validate,
      services,
      timeoutMs: 20_000,
    });
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    for (const id of ['m3.builder-invocation', 'm3.state-json-parsing', 'm3.config-generation', 'm3.parallel-isolation', 'm3.fix-pass']) {
      expect(byId[id]?.status, `${id}: ${byId[id]?.evidence}`).toBe('PASS');
    }
    expect(byId['m3.agent-teams-fallback']).toMatchObject({ status: 'SKIP', requirementIds: ['R4-M3-006'] });
    expect(report.fields).toEqual({ builder_invocation_passed: true, state_json_parsing_passed: true, config_generation_passed: true, b2_b3_wiring_passed: true });
    expect(report.fleet?.total).toBe(3);
    expect(report.checks.flatMap((c) => c.requirementIds)).toEqual(
      expect.arrayContaining(['R4-M3-001', 'R4-M3-002', 'R4-M3-003', 'R4-M3-004', 'R4-M3-005', 'R4-M3-006', 'X-04', 'X-05', 'X-06', 'X-07', 'B2-05', 'B2-09']),
    );
  });

  it('fails every dependent check and field when the builder crashes', async () => {
    const report = await runBuilderWiringChecks({ workDir: await tempDir(), command: fixtureCommand('crash-builder.mjs'), validateConfigCommand: validate, services, timeoutMs: 10_000 });
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({ 'm3.builder-invocation': 'FAIL', 'm3.state-json-parsing': 'FAIL', 'm3.parallel-isolation': 'FAIL', 'm3.fix-pass': 'FAIL' });
    expect(report.fields).toMatchObject({ builder_invocation_passed: false, state_json_parsing_passed: false, b2_b3_wiring_passed: false });
    expect(report.checks[0]?.evidence).toMatch(/exited with code 3/);
  });
});

describe('builder wiring checks fail on planted defects', SLOW, () => {
  it('state parsing FAILs on a malformed STATE.json, naming the field', async () => {
    const dir = await tempDir();
    await runBuilder({ service_id: 's', dir }, { command: fixtureCommand('malformed-builder.mjs') });
    const rec = await checkStateJsonParsing(dir);
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toContain('summary.test_total: expected number, got "3" (string)');
  });

  it('config generation FAILs when the builder rejects a config', async () => {
    process.env.REJECT_DEPTH = 'thorough';
    try {
      const rec = await checkConfigGeneration({ workDir: await tempDir(), service: services[1]!, validateConfigCommand: validate });
      expect(rec.status).toBe('FAIL');
      expect(rec.evidence).toMatch(/thorough: the builder rejected .*depth thorough refused/);
    } finally {
      delete process.env.REJECT_DEPTH;
    }
  });

  it('config generation FAILs on a generator that ignores the quick gating', async () => {
    const broken: typeof generateBuilderConfig = (depth, extras) => generateBuilderConfig(depth === 'quick' ? 'standard' : depth, extras);
    const rec = await checkConfigGeneration({ workDir: await tempDir(), service: services[0]!, validateConfigCommand: validate, generate: broken });
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toContain('quick: depth is "standard", expected "quick"');
    expect(rec.evidence).toContain('quick: contract_engine.enabled is true, expected false');
  });

  it('config generation WARNs, not PASSes, when no builder parser is available', async () => {
    const rec = await checkConfigGeneration({ workDir: await tempDir(), service: services[0]! });
    expect(rec.status).toBe('WARN');
  });

  it('parallel isolation FAILs when a builder writes into the shared parent dir', async () => {
    const parent = await tempDir();
    const { check } = await checkParallelIsolation(parent, services, 'standard', { command: fixtureCommand('stray-builder.mjs') });
    expect(check.status).toBe('FAIL');
    expect(check.evidence).toContain(`file written outside any builder dir: ${join(parent, 'stray.txt')}`);
  });

  it('parallel isolation FAILs when a builder overwrites its staged config.yaml', async () => {
    const parent = await tempDir();
    const clobber = [process.execPath, '-e', "require('fs').writeFileSync(process.argv[1] + '/config.yaml', 'depth: x\\n')", '{dir}'];
    const { check } = await checkParallelIsolation(parent, services.slice(0, 1), 'standard', { command: clobber });
    expect(check.status).toBe('FAIL');
    expect(check.evidence).toContain('staged input changed');
  });

  it('fix pass FAILs when the builder does not rewrite STATE.json in quick mode', async () => {
    const dir = await tempDir();
    await prepareBuilderDir(dir, services[0]!, 'standard');
    await runBuilder({ service_id: 'auth-service', dir }, { command: fixtureCommand('good-builder.mjs') });
    const rec = await checkFixPass(dir, 'auth-service', DEFAULT_FIX_VIOLATIONS, { command: [process.execPath, '-e', 'process.exit(0)'] });
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toMatch(/did not rewrite .*STATE.json/);
  });

  it('fix pass WARNs when the quick run shows no sign of processing the instructions', async () => {
    const dir = await tempDir();
    await prepareBuilderDir(dir, services[0]!, 'standard');
    await runBuilder({ service_id: 'auth-service', dir }, { command: fixtureCommand('good-builder.mjs') });
    const rec = await checkFixPass(dir, 'auth-service', DEFAULT_FIX_VIOLATIONS, { command: fixtureCommand('good-builder.mjs', ['--ignore-fix', 'yes']) });
    expect(rec.status).toBe('WARN');
    expect(rec.evidence).toMatch(/no sign the fix pass processed the instructions/);
  });

  it('fix pass PASSes with the cost and phase change as evidence', async () => {
    const dir = await tempDir();
    await prepareBuilderDir(dir, services[0]!, 'standard');
    await runBuilder({ service_id: 'auth-service', dir }, { command: fixtureCommand('good-builder.mjs') });
    const rec = await checkFixPass(dir, 'auth-service', DEFAULT_FIX_VIOLATIONS, { command: fixtureCommand('good-builder.mjs') });
    expect(rec.status).toBe('PASS');
    expect(rec.evidence).toMatch(/total_cost 0.25 -> 0.3, new phases \[fix_pass\]/);
  });

  it('fix pass FAILs when there is no prior STATE.json', async () => {
    const dir = await tempDir();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'config.yaml'), 'depth: quick\n');
    const rec = await checkFixPass(dir, 'x', DEFAULT_FIX_VIOLATIONS, { command: fixtureCommand('good-builder.mjs') });
    expect(rec.status).toBe('FAIL');
  });

  it('agent-teams fallback runs a probe when one is given and can FAIL', async () => {
    const rec = await checkAgentTeamsFallback(async () => ({ status: 'FAIL', evidence: 'no CLIBackend fallback' }));
    expect(rec).toMatchObject({ status: 'FAIL', evidence: 'no CLIBackend fallback' });
    expect((await checkAgentTeamsFallback()).status).toBe('SKIP');
  });
});

describe('agentTeamsFallbackProbe (R4-M3-006)', SLOW, () => {
  const probe = async (mode: string) =>
    checkAgentTeamsFallback(agentTeamsFallbackProbe({ workDir: await tempDir(), service: services[0]!, run: { command: fixtureCommand('agent-teams-builder.mjs', ['--teams', mode]), timeoutMs: 20_000 } }));

  it('PASSes a builder that falls back with a warning and refuses when fallback_to_cli is false', async () => {
    const rec = await probe('honest');
    expect(rec.status, rec.evidence).toBe('PASS');
    expect(rec.requirementIds).toEqual(['R4-M3-006']);
    expect(rec.evidence).toMatch(/fallback_to_cli: true → exit 0 .*warned "warning: agent-teams backend unavailable.*fallback_to_cli: false → exit 1/);
  });

  it.each([
    ['ignore-strict', /fallback_to_cli: false and no agent-teams backend: the builder exited 0/],
    ['crash', /fallback_to_cli: true did not continue on the CLI backend/],
    ['silent', /logged no warning naming agent teams/],
    ['unrelated', /never names agent teams/],
  ])('FAILs a builder with the planted defect %s', async (mode, why) => {
    const rec = await probe(mode);
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toMatch(why);
  });

  it('SKIPs (never passes) a builder whose agent-teams backend was active: the fallback was not exercised', async () => {
    const rec = await probe('active');
    expect(rec.status).toBe('SKIP');
    expect(rec.evidence).toMatch(/agent_teams_active: true/);
  });

  it('writes agent_teams.enabled with fallback_to_cli true and false into the two builds\' config.yaml', async () => {
    const workDir = await tempDir();
    await agentTeamsFallbackProbe({ workDir, service: services[0]!, run: { command: fixtureCommand('agent-teams-builder.mjs'), timeoutMs: 20_000 } })();
    const { readFile } = await import('node:fs/promises');
    const { parse } = await import('yaml');
    for (const [sub, fallback] of [['fallback', true], ['strict', false]] as const) {
      const cfg = parse(await readFile(join(workDir, sub, 'config.yaml'), 'utf8'));
      expect(cfg.agent_teams).toEqual({ enabled: true, fallback_to_cli: fallback });
      expect(cfg.service.name).toBe(services[0]!.name);
    }
  });
});
