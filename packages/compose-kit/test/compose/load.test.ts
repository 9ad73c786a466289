import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComposeValidationError, loadComposeStack, parseComposeText, tierFiles, writeComposeFile } from '../../src/index.js';
import { caught, dockerDir, tempFiles } from '../helpers.js';

const base = `services:
  api:
    image: node:20
    networks: [front]
    ports: ["8001:8000"]
networks:
  front: {}
`;

describe('loadComposeStack', () => {
  it('loads every tier of the repo in merge order without a problem', () => {
    const files = tierFiles({ dockerDir, tiers: ['infra', 'build1', 'traefik', 'run4', 'test'] });
    const merged = loadComposeStack(files, { projectName: 'p' });
    expect(Object.keys(merged.model.services ?? {}).sort()).toEqual(['architect', 'codebase-intelligence', 'contract-engine', 'postgres', 'redis', 'traefik']);
    expect((merged.model.services!.architect!.labels as Record<string, string>)['traefik.docker.network']).toBe('p_frontend');
  });

  it('rejects a file with an unknown key, naming file, path and reason', async () => {
    const { paths } = tempFiles({ 'base.yml': base, 'bad.yml': 'services:\n  api:\n    enviroment:\n      A: "1"\n' });
    const error = await caught<ComposeValidationError>(() => loadComposeStack([paths['base.yml']!, paths['bad.yml']!]));
    expect(error).toBeInstanceOf(ComposeValidationError);
    expect(error.exitCode).toBe(2);
    expect(error.issues).toEqual([expect.objectContaining({ file: paths['bad.yml'], path: '/services/api/enviroment', reason: expect.stringContaining('unknown key "enviroment"') })]);
    expect(error.message).toContain(paths['bad.yml']);
  });

  it('rejects a dangling network introduced by an override file, naming that file', async () => {
    const { paths } = tempFiles({ 'base.yml': base, 'over.yml': 'services:\n  api:\n    networks: [back]\n' });
    const error = await caught<ComposeValidationError>(() => loadComposeStack([paths['base.yml']!, paths['over.yml']!]));
    expect(error.issues).toEqual([expect.objectContaining({ kind: 'dangling-network', file: paths['over.yml'], path: '/services/api/networks/back' })]);
  });

  it('rejects a host port clash across files', async () => {
    const { paths } = tempFiles({ 'base.yml': base, 'other.yml': 'services:\n  web:\n    image: nginx\n    ports: ["8001:80"]\n' });
    const error = await caught<ComposeValidationError>(() => loadComposeStack([paths['base.yml']!, paths['other.yml']!]));
    expect(error.issues).toEqual([expect.objectContaining({ kind: 'port-clash', file: paths['other.yml'], path: '/services/web/ports/0', reason: expect.stringContaining('8001') })]);
  });

  it('reports YAML syntax errors and missing files with the file name', async () => {
    const { paths, dir } = tempFiles({ 'broken.yml': 'services:\n  api: [\n' });
    const error = await caught<ComposeValidationError>(() => loadComposeStack([paths['broken.yml']!, path.join(dir, 'absent.yml')]));
    expect(error.issues.map((i) => [path.basename(i.file), i.kind])).toEqual([['broken.yml', 'yaml'], ['absent.yml', 'missing-file']]);
  });

  it('interpolates variables with defaults and resolves build contexts against the file', () => {
    const model = parseComposeText('services:\n  a:\n    build: ../svc\n    environment:\n      L: ${LVL:-info}\n', '/x/y/c.yml');
    expect((model.services!.a!.build as { context: string }).context).toBe('/x/svc');
    const merged = loadComposeStack([tempFiles({ 'c.yml': 'services:\n  a:\n    image: n\n    environment:\n      L: ${LVL:-info}\n      M: $$HOME\n' }).paths['c.yml']!], { env: {} });
    expect(merged.model.services!.a!.environment).toEqual({ L: 'info', M: '$HOME' });
  });
});

describe('writeComposeFile', () => {
  it('writes a valid model and refuses an invalid one without leaving a file', async () => {
    const { dir } = tempFiles({});
    const good = writeComposeFile(path.join(dir, 'good.yml'), { services: { a: { image: 'x' } } }, 'header');
    expect(readFileSync(good, 'utf8')).toMatch(/^# header\nservices:/);
    const target = path.join(dir, 'bad.yml');
    const error = await caught(() => writeComposeFile(target, { services: { a: { image: 'x', bogus: true } } } as never));
    expect(error).toBeInstanceOf(ComposeValidationError);
    expect(existsSync(target)).toBe(false);
  });
});
