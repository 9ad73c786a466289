import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { VerifierOptions } from '@pact-foundation/pact';

/** What one verification in the child needs (state handlers stay in this process and are called over IPC). */
export interface ChildVerifyOptions {
  provider: string;
  providerBaseUrl: string;
  pactUrls: string[];
  logLevel: 'error' | 'warn' | 'info' | 'debug' | 'trace';
  timeout: number;
  stateHandlers?: VerifierOptions['stateHandlers'];
}

// The Pact core (native code) prints its verification report to file descriptor 1, whatever
// the JavaScript side does; in a child whose stdout is a pipe, that text goes where we say.
const CHILD = `
const { Verifier } = require(process.env.RUN4_PACT_MODULE);
const pending = new Map();
let seq = 0;
const call = (name, phase, params) => new Promise((resolve, reject) => {
  const id = ++seq;
  pending.set(id, { resolve, reject });
  process.send({ type: 'state', id, name, phase, params });
});
process.on('message', async (m) => {
  if (m.type === 'state-done') {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (p) m.error === undefined ? p.resolve(m.result) : p.reject(new Error(m.error));
    return;
  }
  if (m.type !== 'verify') return;
  const handlers = {};
  for (const name of m.states) handlers[name] = { setup: (params) => call(name, 'setup', params), teardown: (params) => call(name, 'teardown', params) };
  try {
    await new Verifier({ ...m.options, ...(m.states.length ? { stateHandlers: handlers } : {}) }).verifyProvider();
    process.send({ type: 'result', job: m.job });
  } catch (e) {
    process.send({ type: 'result', job: m.job, error: e instanceof Error ? e.message : String(e) });
  }
});
process.on('disconnect', () => process.exit(0));
`;

type Message =
  | { type: 'state'; id: number; name: string; phase: 'setup' | 'teardown'; params: unknown }
  | { type: 'result'; job: number; error?: string };

/**
 * Pact's Verifier in a child process, so the native core's coloured report
 * never reaches this process's stdout (which may carry JSON or SARIF): the
 * child's stdout and stderr go to `log` (default: this process's stderr).
 * One child serves every verification of a `verifyPacts` call; provider
 * state handlers run here, called over IPC.
 *
 * @example
 * const pact = new PactVerifierProcess();
 * try { await pact.verify({ provider, providerBaseUrl, pactUrls: [file], logLevel: 'error', timeout: 30_000 }); } finally { pact.close(); }
 */
export class PactVerifierProcess {
  private child?: ChildProcess;
  private jobs = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private handlers: VerifierOptions['stateHandlers'] = {};
  private nextJob = 0;
  private readonly log: (chunk: Buffer) => void;

  constructor(log: (chunk: Buffer) => void = (chunk) => process.stderr.write(chunk)) {
    this.log = log;
  }

  private start(): ChildProcess {
    if (this.child) return this.child;
    const pactModule = createRequire(import.meta.url).resolve('@pact-foundation/pact');
    const child = spawn(process.execPath, ['-e', CHILD], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, RUN4_PACT_MODULE: pactModule, FORCE_COLOR: '0' },
    });
    child.stdout!.on('data', this.log);
    child.stderr!.on('data', this.log);
    child.on('message', (m: Message) => void this.onMessage(child, m));
    child.on('exit', (code, signal) => {
      for (const job of this.jobs.values()) job.reject(new Error(`the Pact verifier process ended (${code ?? signal}) before answering`));
      this.jobs.clear();
      this.child = undefined;
    });
    this.child = child;
    return child;
  }

  private async onMessage(child: ChildProcess, m: Message): Promise<void> {
    if (m.type === 'result') {
      const job = this.jobs.get(m.job);
      this.jobs.delete(m.job);
      if (m.error === undefined) job?.resolve();
      else job?.reject(new Error(m.error));
      return;
    }
    const handler = this.handlers?.[m.name];
    const fn = typeof handler === 'function' ? (m.phase === 'setup' ? handler : undefined) : handler?.[m.phase];
    try {
      const result = fn ? await fn(m.params as never) : undefined;
      child.send({ type: 'state-done', id: m.id, result });
    } catch (error) {
      child.send({ type: 'state-done', id: m.id, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Verify; rejects with the Verifier's own error message when the provider does not satisfy the pact. */
  verify(options: ChildVerifyOptions): Promise<void> {
    const child = this.start();
    const { stateHandlers, ...rest } = options;
    this.handlers = stateHandlers ?? {};
    const job = ++this.nextJob;
    return new Promise<void>((resolve, reject) => {
      this.jobs.set(job, { resolve, reject });
      child.send({ type: 'verify', job, options: rest, states: Object.keys(stateHandlers ?? {}) });
    });
  }

  /** End the child (safe to call twice). */
  close(): void {
    this.child?.disconnect();
    this.child = undefined;
  }
}
