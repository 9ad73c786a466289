import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CommandTemplateError, build3Argv, fillTemplate, writeBuild3Config } from '../../src/index.js';
import { removeTempDirs, tempDir } from '../helpers.js';

afterAll(removeTempDirs);

describe('fillTemplate', () => {
  it('gives a string that is exactly one placeholder the value\'s own type', () => {
    const servers = { architect: { command: 'node', args: ['a.js'] } };
    expect(fillTemplate({ budget: '{budget}', limit: '{limit}', servers: '{servers}', flag: '{flag}', list: '{list}' }, { budget: 0.5, limit: null, servers, flag: false, list: [1, 'b'] })).toEqual({
      budget: 0.5,
      limit: null,
      servers,
      flag: false,
      list: [1, 'b'],
    });
  });

  it('fills placeholders inside a longer string as text', () => {
    expect(fillTemplate('--budget {budget} --out {out}/x', { budget: 0.5, out: '/run/m4' })).toBe('--budget 0.5 --out /run/m4/x');
    expect(fillTemplate('{a}{b}', { a: 1, b: null })).toBe('1null');
    expect(fillTemplate('--env {env} --ports {ports}', { env: { A: '1' }, ports: [1, 2] })).toBe('--env {"A":"1"} --ports [1,2]');
  });

  it('leaves unknown placeholders as they are, for Build 3 itself (also names of Object.prototype)', () => {
    expect(fillTemplate('node builder.js --cwd {dir} --depth {depth} --service {service}', { depth: 'quick' })).toBe('node builder.js --cwd {dir} --depth quick --service {service}');
    expect(fillTemplate('{dir}', { depth: 'quick' })).toBe('{dir}');
    expect(fillTemplate(['{constructor}', '{toString} {hasOwnProperty}'], {})).toEqual(['{constructor}', '{toString} {hasOwnProperty}']);
    expect(fillTemplate('{not a placeholder} {1x} { depth }', { depth: 'quick' })).toBe('{not a placeholder} {1x} { depth }');
  });

  it('walks nested arrays and objects and keeps other scalars', () => {
    const template = {
      depth: '{depth}',
      builders: { command: ['node', '{builder}', '--cwd', '{dir}'], max_concurrent_builders: 3, env: { TOKEN: '{token}', DEBUG: true } },
      phases: [{ name: 'architect', timeout: '{timeout}' }, ['{depth}', null, 7]],
      nothing: null,
    };
    expect(fillTemplate(template, { depth: 'standard', builder: '/b/cli.js', token: 't-1', timeout: 900 })).toEqual({
      depth: 'standard',
      builders: { command: ['node', '/b/cli.js', '--cwd', '{dir}'], max_concurrent_builders: 3, env: { TOKEN: 't-1', DEBUG: true } },
      phases: [{ name: 'architect', timeout: 900 }, ['standard', null, 7]],
      nothing: null,
    });
    expect(template.depth).toBe('{depth}'); // the template itself is untouched
  });
});

describe('writeBuild3Config', () => {
  it('writes the filled template as YAML and returns it', async () => {
    const file = join(await tempDir('b3-config-'), 'config.yaml');
    const filled = writeBuild3Config(file, { depth: '{depth}', budget_limit: '{budget}', builder: { command: 'node b.js --cwd {dir}', max_concurrent: '{max}' } }, { depth: 'quick', budget: null, max: 3 });
    expect(filled).toEqual({ depth: 'quick', budget_limit: null, builder: { command: 'node b.js --cwd {dir}', max_concurrent: 3 } });
    expect(parse(readFileSync(file, 'utf8'))).toEqual(filled);
  });
});

describe('build3Argv', () => {
  it('expands {config}, {output} and {stack} per argument (a space stays inside one) and appends the subcommand', () => {
    expect(build3Argv('node {stack}/cli.js -c {config} -o {output}', { config: '/r/m 4/config.yaml', output: '/r/m 4/out', stack: '/s' }, ['run', '--prd', 'prd.md'])).toEqual([
      'node',
      '/s/cli.js',
      '-c',
      '/r/m 4/config.yaml',
      '-o',
      '/r/m 4/out',
      'run',
      '--prd',
      'prd.md',
    ]);
  });

  it('refuses an unknown placeholder, naming it', () => {
    expect(() => build3Argv('orchestrator --prd {prd}', { config: 'c', output: 'o', stack: 's' }, ['status'])).toThrow(CommandTemplateError);
    expect(() => build3Argv('orchestrator --prd {prd}', { config: 'c', output: 'o', stack: 's' }, ['status'])).toThrow(/unknown placeholder \{prd\}/);
  });
});
