import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OwnedFileSchema, OwnedProcesses } from '../../src/state/owned-processes.js';
import { tmp } from './helpers.js';

const docker = (args: string[]) => execa('docker', args, { reject: false, timeout: 120_000 });
const engine = await docker(['info', '--format', '{{.ServerVersion}}']);
const image = (await docker(['images', '-q', 'run4/node:20-offline'])).stdout.trim();
// Without an engine (or its offline image) the docker half cannot run here; CI sets CI and must have both.
const haveDocker = engine.exitCode === 0 && image !== '';
if (!haveDocker && process.env.CI) throw new Error('CI needs a docker engine and run4/node:20-offline for the compose reaping test');

describe.runIf(haveDocker)('compose projects in owned.json', () => {
  it('reaps the containers of a compose project a killed run left, and leaves other projects alone', async () => {
    const out = tmp();
    const project = `run4-robust-${process.pid}`;
    const other = `${project}-other`;
    const start = (p: string) => docker(['run', '-d', '--label', `com.docker.compose.project=${p}`, 'run4/node:20-offline', 'node', '-e', 'setInterval(() => undefined, 1000)']);
    const mine = await start(project);
    const theirs = await start(other);
    expect(mine.exitCode, mine.stderr).toBe(0);
    try {
      const ledger = new OwnedProcesses(out);
      ledger.record({ kind: 'compose-project', project, files: [] });
      // the run that recorded it was killed: a dead owner
      const file = path.join(out, 'owned.json');
      const data = OwnedFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      data.entries[0]!.owner = { ...data.entries[0]!.owner, pid: 999_999_999 };
      writeFileSync(file, JSON.stringify(data));

      const report = await ledger.reap();
      expect(report.composeProjects).toEqual([project]);
      const left = async (p: string) => (await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${p}`])).stdout.trim();
      expect(await left(project)).toBe('');
      expect(await left(other)).not.toBe('');
      expect(ledger.read()).toEqual([]);
    } finally {
      await docker(['rm', '-f', mine.stdout.trim(), theirs.stdout.trim()]);
    }
  }, 300_000);
});
