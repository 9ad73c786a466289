import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { alive, dockerAvailableOrExplain, fixtures, waitFor } from '../helpers.js';

const runner = path.join(fixtures, 'interrupt-runner.ts');
const stack = path.join(fixtures, 'compose', 'fixture-stack.yml');
const haveDocker = await dockerAvailableOrExplain('the docker Ctrl+C teardown test');

// `--conditions=@run4/source`: the runner imports workspace packages from their sources, as the tests do (no build needed).
async function startAndInterrupt(backend: 'process' | 'docker', project: string) {
  const child = execa('node', ['--conditions=@run4/source', '--import', 'tsx', runner, backend, stack, project], { reject: false, cwd: path.resolve(fixtures, '../..') });
  try {
    const ids = await new Promise<string[]>((resolve, reject) => {
      let buffer = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const line = buffer.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { ids: string[] }).ids);
      });
      void child.then((r) => reject(new Error(`runner exited early (${r.exitCode}): ${r.stderr}`)));
    });
    child.kill('SIGINT');
    const result = await child;
    return { result, ids };
  } finally {
    child.kill('SIGKILL');
  }
}

describe('Ctrl+C while deployed', () => {
  it('process backend: SIGINT stops every service process and exits 130', async () => {
    const { result, ids } = await startAndInterrupt('process', `ck-int-p-${process.pid}`);
    expect(result.exitCode).toBe(130);
    expect(ids).toHaveLength(2);
    // the kernel may take a moment to reap them: wait for the condition, then assert it
    await waitFor(() => ids.map(Number).filter(alive).length === 0, 'the service processes to be gone').catch(() => undefined);
    expect(ids.map(Number).filter(alive)).toEqual([]);
  }, 240_000);

  it.skipIf(!haveDocker)('docker backend: SIGINT runs compose down; no container or network of the project remains', async () => {
    const project = `ck-int-d-${process.pid}`;
    const { result, ids } = await startAndInterrupt('docker', project);
    expect(result.exitCode).toBe(130);
    expect(ids).toHaveLength(2);
    const label = `label=com.docker.compose.project=${project}`;
    expect((await execa('docker', ['ps', '-a', '-q', '--filter', label])).stdout).toBe('');
    expect((await execa('docker', ['network', 'ls', '-q', '--filter', label])).stdout).toBe('');
  }, 240_000);
});
