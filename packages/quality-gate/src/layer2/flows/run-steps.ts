import { randomBytes } from 'node:crypto';
import type { HttpStep } from '@run4/schemas';
import { checkExpect } from './match.js';
import { substitute, substituteDeep, valueAtPath } from './template.js';

/** Where the services of the stack under test answer, and the shared variables of a run. */
export interface StepEnvironment {
  /** Base URL per service name (`http://127.0.0.1:41234`). */
  urls: Readonly<Record<string, string>>;
  /** Variables shared by every step of every flow; captures are added here. */
  vars: Record<string, unknown>;
  /** Per-request timeout (default 10 s). */
  requestTimeoutMs?: number;
  signal?: AbortSignal;
}

/** What one step saw. */
export interface StepOutcome {
  ok: boolean;
  /** `POST /register → HTTP 201 {...}` or the reason it failed. */
  evidence: string;
  ms: number;
}

const clip = (v: unknown, n = 160) => {
  const text = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
  return text.length > n ? `${text.slice(0, n)}…` : text;
};

const traceparent = () => `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;

async function call(url: string, method: string, headers: Record<string, string>, json: unknown, timeoutMs: number, signal?: AbortSignal): Promise<{ status: number; body: unknown; error?: string }> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, {
      method,
      headers: { accept: 'application/json', traceparent: traceparent(), ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body };
  } catch (error) {
    return { status: 0, body: null, error: (error as Error).message };
  }
}

/**
 * Run one declarative HTTP step against the live stack: substitute
 * variables, send, check `expect` (repeating until it holds for an
 * `eventually` step), then store the captures in `env.vars`.
 *
 * @example
 * const out = await runStep({ service: 'accounts-service', method: 'POST', path: '/login', headers: {}, json: {}, expect: { status: 200 }, capture: {} }, { urls, vars: {} });
 */
export async function runStep(step: HttpStep, env: StepEnvironment): Promise<StepOutcome> {
  const started = performance.now();
  let label = step.name ?? `${step.method} ${step.path}`;
  const base = env.urls[step.service];
  if (!base) return { ok: false, evidence: `${label}: ${step.service} is not deployed`, ms: 0 };
  let urlPath: string;
  let headers: Record<string, string>;
  let json: unknown;
  try {
    urlPath = String(substitute(step.path, env.vars));
    headers = Object.fromEntries(Object.entries(step.headers).map(([k, v]) => [k, String(substitute(v, env.vars))]));
    json = step.json === undefined ? undefined : substituteDeep(step.json, env.vars);
    if (!step.name) label = `${step.method} ${urlPath}`;
  } catch (error) {
    return { ok: false, evidence: `${label}: ${(error as Error).message}`, ms: 0 };
  }
  const deadline = step.eventually ? Date.now() + step.eventually.within_s * 1000 : 0;
  for (let attempt = 1; ; attempt++) {
    const r = await call(`${base}${urlPath}`, step.method, headers, json, env.requestTimeoutMs ?? 10_000, env.signal);
    const outcome = checkExpect(r.status, r.body, step.expect, env.vars);
    const seen = r.status === 0 ? `no answer (${r.error})` : `HTTP ${r.status} ${clip(r.body)}`;
    if (outcome.problems.length === 0) {
      for (const [name, p] of Object.entries(step.capture)) {
        env.vars[name] = p === '$match' ? outcome.matched : p.startsWith('$match.') ? valueAtPath(outcome.matched, p.slice(7)) : valueAtPath(r.body, p);
      }
      const missing = Object.entries(step.capture).filter(([name]) => env.vars[name] === undefined).map(([, p]) => p);
      const ms = performance.now() - started;
      if (missing.length) return { ok: false, evidence: `${label} → ${seen}; nothing to capture at ${missing.join(', ')}`, ms };
      return { ok: true, evidence: `${label} → ${seen}${attempt > 1 ? ` (after ${attempt} tries, ${Math.round(ms)} ms)` : ''}`, ms };
    }
    if (!step.eventually || Date.now() >= deadline || env.signal?.aborted) {
      const waited = step.eventually ? ` within ${step.eventually.within_s} s (${attempt} tries)` : '';
      return { ok: false, evidence: `${label} → ${seen}: ${outcome.problems.join('; ')}${waited}`, ms: performance.now() - started };
    }
    await new Promise((resolve) => setTimeout(resolve, step.eventually!.interval_ms));
  }
}

/**
 * Run steps in order, stopping at the first that fails.
 *
 * @example
 * const { ok, evidence } = await runSteps(profile.sample_app.auth.steps, { urls, vars });
 */
export async function runSteps(steps: readonly HttpStep[], env: StepEnvironment): Promise<{ ok: boolean; evidence: string[]; ms: number }> {
  const evidence: string[] = [];
  let ms = 0;
  for (const step of steps) {
    const out = await runStep(step, env);
    evidence.push(out.evidence);
    ms += out.ms;
    if (!out.ok) return { ok: false, evidence, ms };
  }
  return { ok: true, evidence, ms };
}
