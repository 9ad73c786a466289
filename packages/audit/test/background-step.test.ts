import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startUntilOutput, type StepProcess } from '../src/index.js';

/** A fake child: `lines` are written to stderr; it ends on a kill, or by itself when `exitsAlone`. */
function child(lines: string[], exitsAlone = false): StepProcess & { signals: string[] } {
  const stderr = new EventEmitter();
  let end!: (r: { exitCode?: number }) => void;
  const done = new Promise<{ exitCode?: number }>((r) => (end = r));
  const signals: string[] = [];
  setImmediate(() => {
    for (const l of lines) stderr.emit('data', Buffer.from(l));
    if (exitsAlone) end({ exitCode: 1 });
  });
  return {
    signals,
    stderr: stderr as unknown as StepProcess['stderr'],
    kill: (signal) => {
      signals.push(signal);
      end(signal === 'SIGINT' ? { exitCode: 130 } : {});
      return true;
    },
    then: (ok, err) => done.then(ok, err),
  };
}

describe('startUntilOutput', () => {
  it('resolves once the marker shows, to a step that stops with the signal', async () => {
    const c = child(['[00:01] builder svc', '-a: started\n']);
    const step = await startUntilOutput(() => c, { marker: ': started', label: 'the build', settleMs: 0 });
    if (typeof step === 'string') throw new Error(step);
    expect(await step.stop('SIGINT')).toEqual({ exitCode: 130 });
    expect(c.signals).toEqual(['SIGINT']);
  });

  it('answers why when the step ends before the marker', async () => {
    const c = child(['config error'], true);
    expect(await startUntilOutput(() => c, { marker: ': started', label: 'the build' })).toBe('the build ended before a builder started: config error');
  });

  it('kills the step and answers why when the marker never comes', async () => {
    const c = child(['working']);
    expect(await startUntilOutput(() => c, { marker: ': started', label: 'the build', timeoutMs: 50 })).toBe('the build started no builder within 0.05 s');
    expect(c.signals).toEqual(['SIGKILL']);
  });
});
