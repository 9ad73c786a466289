// Integration with the real reference builder (apps/builder, the system under
// test). Needs `NX_DAEMON=false NX_NO_CLOUD=true npx nx run builder:build`;
// fails with that instruction when apps/builder/dist/cli.js is missing.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentTeamsFallbackProbe,
  checkAgentTeamsFallback,
  checkConfigGeneration,
  generateBuilderConfig,
  parseBuilderState,
  prepareBuilderDir,
  runBuilder,
  runBuilders,
  runBuilderWiringChecks,
  writeFixInstructions,
} from '../src/index.js';
import { removeTempDirs, tempDir } from './helpers.js';
import { tasktrackerServices } from '../../../fixtures/tasktracker/services.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(repo, 'apps/builder/dist/cli.js');
const command = [process.execPath, cli, '--cwd', '{dir}', '--depth', '{depth}'];
const validateConfigCommand = [process.execPath, cli, '--cwd', '{dir}', '--depth', '{depth}', '--validate-config'];
const services = tasktrackerServices(join(repo, 'fixtures/tasktracker'));

beforeAll(() => {
  if (!existsSync(cli)) {
    throw new Error(`reference builder not built: ${cli} is missing; run NX_DAEMON=false NX_NO_CLOUD=true npx nx run builder:build first`);
  }
});
afterAll(removeTempDirs);

describe('reference builder (apps/builder) under builder-runner', () => {
  it('builds the three TaskTracker services in parallel, each with a valid STATE.json and its generated service', async () => {
    const root = await tempDir();
    for (const s of services) await prepareBuilderDir(join(root, s.name), s, 'standard');
    const fleet = await runBuilders(
      services.map((s) => ({ service_id: s.name, dir: join(root, s.name), depth: 'standard' })),
      { command, timeoutMs: 120_000 },
    );
    for (const r of fleet.results) {
      expect(r.success, `${r.service_id}: ${r.error}`).toBe(true);
      expect(r.test_total).toBeGreaterThan(0);
      expect(r.artifacts).toEqual(expect.arrayContaining(['package.json', 'src/server.js', 'Dockerfile', 'contracts/openapi.yaml', '.agent-team/STATE.json']));
      const pkg = JSON.parse(await readFile(join(r.output_dir, 'package.json'), 'utf8')) as { dependencies?: object };
      expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
    }
  }, 300_000);

  it('passes runBuilderWiringChecks end to end with the builder parsing its own configs', async () => {
    const report = await runBuilderWiringChecks({ workDir: await tempDir(), command, validateConfigCommand, services, timeoutMs: 120_000 });
    for (const c of report.checks.slice(0, 5)) expect(c.status, `${c.id}: ${c.evidence}`).toBe('PASS');
    expect(report.checks[5]?.status).toMatch(/SKIP|PASS/);
    expect(report.fields.b2_b3_wiring_passed).toBe(true);
  }, 300_000);

  it('config check FAILs when the builder itself rejects a generated config', async () => {
    // Our schema accepts any non-empty service name; the reference builder requires kebab-case.
    const generate: typeof generateBuilderConfig = (depth, extras) =>
      generateBuilderConfig(depth, { ...extras, service: { name: depth === 'exhaustive' ? 'Order_Service' : 'order-service', port: 8080 } });
    const rec = await checkConfigGeneration({ workDir: await tempDir(), service: services[1]!, validateConfigCommand, generate });
    expect(rec.status).toBe('FAIL');
    expect(rec.evidence).toMatch(/exhaustive: the builder rejected .*service\.name/);
  }, 120_000);

  it('quick pass repairs the planted violations listed in FIX_INSTRUCTIONS.md and rewrites STATE.json (X-07)', async () => {
    const dir = join(await tempDir(), 'order-service');
    await prepareBuilderDir(dir, services[1]!, 'standard');
    await runBuilder(
      { service_id: 'order-service', dir, depth: 'standard' },
      { command: [...command, '--plant', 'HEALTH-001,SCHEMA-001,LOG-001'], timeoutMs: 120_000 },
    );
    // The reference builder records what it planted in STATE.json (an extension beyond seed 003 section 7.1).
    const planted = (await parseBuilderState(dir)).planted as Array<{ code: string; file: string; line?: number; description: string }>;
    expect(planted.map((p) => p.code).sort()).toEqual(['HEALTH-001', 'LOG-001', 'SCHEMA-001']);
    await writeFixInstructions(
      dir,
      planted.map((p) => ({ code: p.code, severity: 'error', file_path: join(dir, p.file), line: p.line ?? null, message: p.description })),
    );
    const fixed = await runBuilder({ service_id: 'order-service', dir, depth: 'quick' }, { command, timeoutMs: 120_000 });
    expect(fixed.success, fixed.error).toBe(true);
    expect(fixed.completed_phases).toContain('fix_pass_1');
    const after = await parseBuilderState(dir);
    const passes = after.fix_passes as Array<{ instructions: string; fixed: Array<{ code: string }>; not_fixed: unknown[] }>;
    expect(passes.at(-1)?.instructions).toBe('FIX_INSTRUCTIONS.md');
    expect(new Set(passes.at(-1)?.fixed.map((f) => f.code))).toEqual(new Set(['HEALTH-001', 'LOG-001', 'SCHEMA-001']));
    expect(after.planted).toEqual([]);
    expect(await readFile(join(dir, 'src/handlers.js'), 'utf8')).not.toMatch(/console\.log/);
  }, 300_000);

  it('passes R4-M3-006: with agent_teams enabled it warns and builds on the CLI backend, and refuses when fallback_to_cli is false', async () => {
    const rec = await checkAgentTeamsFallback(agentTeamsFallbackProbe({ workDir: await tempDir(), service: services[0]!, run: { command, timeoutMs: 120_000 } }));
    expect(rec.status, rec.evidence).toBe('PASS');
    expect(rec.evidence).toMatch(/fallback_to_cli: false → exit [1-9]/);
  }, 300_000);
});
