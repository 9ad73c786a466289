import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builderDir, removeScratch, runCli, scratch, TASKTRACKER } from './support.js';

describe('the agent_team-compatible CLI', () => {
  let root: string;
  let good: string;

  beforeAll(async () => {
    root = await scratch('cli');
    good = await builderDir(root, 'auth-service', { openapi: join(TASKTRACKER, 'sample_openapi_auth.yaml') });
  });

  afterAll(() => removeScratch(root));

  it('--validate-config prints a one-line summary and exits 0 without building', async () => {
    const run = await runCli(['--cwd', good, '--depth', 'standard', '--validate-config']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toContain('service auth-service port 8080');
    expect(existsSync(join(good, 'src'))).toBe(false);
  });

  it.each([
    [['--depth', 'standard'], /--cwd/],
    [['--cwd', '.'], /--depth/],
    [['--cwd', '.', '--depth', 'deep'], /Allowed choices are quick, standard, thorough, exhaustive/],
    [['--cwd', '.', '--depth', 'quick', '--plant', 'HEALTH-001,SEC-001'], /unknown violation code\(s\) SEC-001/],
  ])('rejects bad arguments %j with exit 2 and a clear message', async (args, message) => {
    const run = await runCli(args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it.each([
    ['service: { name: Order_Service }\n', 'service.name'],
    ['depth: deep\n', 'depth'],
    ['service: { name: x-service, port: 70000 }\n', 'service.port'],
    ['milestone: { enabled: "yes" }\n', 'milestone.enabled'],
    ['depth: [unclosed\n', 'not valid YAML'],
  ])('rejects config.yaml %j with exit 2 naming %s, and writes nothing', async (yaml, field) => {
    const dir = join(root, `bad-${Math.random().toString(36).slice(2, 8)}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'config.yaml'), yaml);
    for (const extra of [['--validate-config'], []]) {
      const run = await runCli(['--cwd', dir, '--depth', 'standard', ...extra]);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(field);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(join(dir, '.agent-team'))).toBe(false);
    expect(existsSync(join(dir, 'src'))).toBe(false);
  });

  it('exits 2 naming the file when config.yaml is missing or the contract is invalid', async () => {
    const empty = join(root, 'empty');
    await mkdir(empty, { recursive: true });
    const missing = await runCli(['--cwd', empty, '--depth', 'standard']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/config\.yaml: not found/);

    const broken = await builderDir(root, 'broken-service', { openapi: join(TASKTRACKER, 'sample_openapi_auth.yaml') });
    const text = await readFile(join(broken, 'contracts/openapi.yaml'), 'utf8');
    await writeFile(join(broken, 'contracts/openapi.yaml'), text.replace("$ref: '#/components/schemas/User'", "$ref: '#/components/schemas/Nobody'"));
    const run = await runCli(['--cwd', broken, '--depth', 'standard']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('contracts/openapi.yaml');
    expect(existsSync(join(broken, '.agent-team/STATE.json'))).toBe(false);
  });

  it('exits 2 and writes nothing for a contract with recursive schemas it cannot inline', async () => {
    const dir = join(root, 'tree-service');
    await mkdir(join(dir, 'contracts'), { recursive: true });
    await writeFile(join(dir, 'config.yaml'), 'service: { name: tree-service }\n');
    const node = "{ $ref: '#/components/schemas/Node' }";
    await writeFile(
      join(dir, 'contracts/openapi.yaml'),
      [
        'openapi: 3.1.0',
        'info: { title: tree, version: 1.0.0 }',
        'paths:',
        '  /nodes:',
        '    post:',
        `      requestBody: { required: true, content: { application/json: { schema: ${node} } } }`,
        `      responses: { '201': { description: ok, content: { application/json: { schema: ${node} } } } }`,
        'components:',
        '  schemas:',
        `    Node: { type: object, properties: { id: { type: string }, children: { type: array, items: ${node} } } }`,
        '',
      ].join('\n'),
    );
    const run = await runCli(['--cwd', dir, '--depth', 'standard']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/recursive schemas/);
    expect(existsSync(join(dir, 'src'))).toBe(false);
    expect(existsSync(join(dir, '.agent-team'))).toBe(false);
  });

  it('falls back to the CLI backend when agent teams are requested, and refuses when fallback is off', async () => {
    const on = await builderDir(root, 'teams-service', { openapi: join(TASKTRACKER, 'sample_openapi_auth.yaml') }, 'agent_teams: { enabled: true, fallback_to_cli: false }');
    const refused = await runCli(['--cwd', on, '--depth', 'quick']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/agent_teams\.fallback_to_cli is false/);
    expect(existsSync(join(on, '.agent-team/STATE.json'))).toBe(false);
  });
});
