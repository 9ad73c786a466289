import { check, type CheckRecord } from '@run4/checks';
import type { RetryingToolClient } from '../clients/base-client.js';
import type { ArchitectClient } from '../clients/architect-client.js';
import type { CodebaseIntelligenceClient } from '../clients/codebase-intelligence-client.js';
import type { ContractEngineClient } from '../clients/contract-engine-client.js';
import { withFallback } from '../clients/fallback.js';
import { errorText } from '../connection.js';
import { DOCUMENTED_SAFE_DEFAULTS, type DocumentedMethod } from './safe-defaults.js';
import { describeValue, sameValue } from './steps.js';

/** The backoff seed 003 section 2.1 documents: 3 retries after 1 s, 2 s, 4 s. */
export const EXPECTED_BACKOFF_MS = [1000, 2000, 4000] as const;

export interface ClientTrio {
  ce: ContractEngineClient;
  ci: CodebaseIntelligenceClient;
  ar: ArchitectClient;
}

const clientOf = (clients: ClientTrio, m: DocumentedMethod): RetryingToolClient =>
  m.server === 'contract-engine' ? clients.ce : m.server === 'codebase-intelligence' ? clients.ci : clients.ar;

/** Whether `value` is the documented safe default of `m` (validateEndpoint: `valid: false`, no violations, a non-empty `error`). */
function isSafeDefault(m: DocumentedMethod, value: unknown): boolean {
  if (m.tool === 'validate_endpoint') {
    const v = value as { valid?: unknown; violations?: unknown; error?: unknown } | null;
    return v !== null && typeof v === 'object' && v.valid === false && sameValue(v.violations, []) && typeof v.error === 'string' && v.error !== '';
  }
  return sameValue(value, m.safeDefault);
}

/**
 * Safe defaults: all 17 methods, with clients whose server cannot be
 * started (a non-transient error), must return their documented safe
 * default at once (1 attempt, no backoff sleep) and never throw.
 *
 * @example
 * const rec = await checkSafeDefaults(clients, sleptMs, 'command /tmp/w/no-such-server does not exist');
 */
export async function checkSafeDefaults(clients: ClientTrio, sleptMs: readonly number[], setup: string): Promise<CheckRecord> {
  const started = performance.now();
  const problems: string[] = [];
  const seen: string[] = [];
  for (const m of DOCUMENTED_SAFE_DEFAULTS) {
    const client = clientOf(clients, m);
    client.lastOutcome = undefined;
    const sleptBefore = sleptMs.length;
    let value: unknown;
    try {
      value = await m.call(clients);
    } catch (error) {
      problems.push(`${m.label} threw: ${errorText(error)}`);
      continue;
    }
    const outcome = client.lastOutcome as RetryingToolClient['lastOutcome'];
    if (!isSafeDefault(m, value)) problems.push(`${m.label} returned ${describeValue(value)}, documented safe default is ${describeValue(m.safeDefault)}`);
    if (!outcome || outcome.tool !== m.tool) problems.push(`${m.label}: no outcome recorded for ${m.tool}`);
    else if (outcome.ok) problems.push(`${m.label}: outcome says ok although the server is unavailable`);
    else if (outcome.attempts !== 1 || sleptMs.length !== sleptBefore) problems.push(`${m.label}: not immediate for a non-transient error (${outcome.attempts} attempts, slept ${JSON.stringify(sleptMs.slice(sleptBefore))})`);
    seen.push(`${m.label.split('.')[1]} → ${describeValue(value)}`);
  }
  const evidence =
    problems.length === 0
      ? `${setup}: all ${DOCUMENTED_SAFE_DEFAULTS.length} methods returned their documented safe default after 1 attempt, no backoff, nothing thrown: ${seen.join('; ')}`
      : `${setup}: ${problems.join('; ')}`;
  return check('clients.safe-defaults', 'all 17 client methods return their safe default when the server is unavailable, never throw', problems.length ? 'FAIL' : 'PASS', evidence, [], performance.now() - started);
}

/** One client pointed at a really failing transport, with the delays its injected sleep recorded. */
export interface RetryTarget {
  server: string;
  client: RetryingToolClient;
  method: DocumentedMethod;
  clients: ClientTrio;
  /** Delays the client's injected sleep was asked for (filled during the call). */
  sleptMs: number[];
  /** How the transport was broken, for the evidence. */
  broken: string;
}

/**
 * Retries: a call over a transport that fails transiently every
 * time (the server process was killed) is retried 3 times; the injected
 * sleep must have been asked for exactly 1000, 2000, 4000 ms, the client
 * must report 4 attempts and unavailable, and return the safe default.
 *
 * @example
 * const rec = await checkRetryBackoff([{ server: 'contract-engine', client: ce, method, clients, sleptMs, broken: 'pid 123 killed' }]);
 */
export async function checkRetryBackoff(targets: RetryTarget[], unavailable: string[] = []): Promise<CheckRecord> {
  const started = performance.now();
  const problems = unavailable.map((u) => `could not set up: ${u}`);
  const seen: string[] = [];
  for (const t of targets) {
    t.client.lastOutcome = undefined;
    t.sleptMs.length = 0;
    let value: unknown;
    try {
      value = await t.method.call(t.clients);
    } catch (error) {
      problems.push(`${t.method.label} threw: ${errorText(error)}`);
      continue;
    }
    const o = t.client.lastOutcome as RetryingToolClient['lastOutcome'];
    const line = `${t.method.label} (${t.broken}): slept ${JSON.stringify(t.sleptMs)}, ${o?.attempts ?? '?'} attempts, unavailable=${o?.unavailable}, returned ${describeValue(value)}, last error: ${(o?.error ?? 'none').slice(0, 120)}`;
    seen.push(line);
    const bad: string[] = [];
    if (!sameValue(t.sleptMs, [...EXPECTED_BACKOFF_MS])) bad.push(`delays ${JSON.stringify(t.sleptMs)} ≠ ${JSON.stringify(EXPECTED_BACKOFF_MS)}`);
    if (o?.attempts !== 4) bad.push(`${o?.attempts ?? 'no'} attempts ≠ 4`);
    if (!o?.unavailable) bad.push('server not reported unavailable');
    if (!sameValue(value, t.method.safeDefault)) bad.push(`returned ${describeValue(value)} instead of ${describeValue(t.method.safeDefault)}`);
    if (bad.length) problems.push(`${t.method.label}: ${bad.join(', ')}`);
  }
  if (targets.length === 0 && problems.length === 0) problems.push('no client could be pointed at a failing transport');
  return check(
    'clients.retry-backoff',
    'transient failures are retried 3 times after 1 s, 2 s, 4 s',
    problems.length ? 'FAIL' : 'PASS',
    problems.length ? `${problems.join('; ')}${seen.length ? `. Seen: ${seen.join('; ')}` : ''}` : seen.join('; '),
    [],
    performance.now() - started,
  );
}

const isEmpty = (v: unknown) =>
  v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

/** What a fallback check needs: the client of an unstartable server, the call, and the documented fallback. */
export interface FallbackSpec<C extends RetryingToolClient> {
  id: string;
  name: string;
  requirementIds: string[];
  client: C;
  callLabel: string;
  call: (client: C) => Promise<unknown>;
  fallbackName: string;
  fallback: (reason: string) => unknown;
  setup: string;
}

/**
 * Fallbacks: with a server that cannot start, `withFallback`
 * must report it unavailable and run the documented fallback, which must
 * return something (a scan / map of the work dir, which holds a contract
 * and a source file).
 *
 * @example
 * const rec = await checkFallback({ id: 'clients.fallback.contract-engine', ... });
 */
export async function checkFallback<C extends RetryingToolClient>(spec: FallbackSpec<C>): Promise<CheckRecord> {
  const started = performance.now();
  const done = (ok: boolean, evidence: string, data?: Record<string, unknown>) =>
    check(spec.id, spec.name, ok ? 'PASS' : 'FAIL', `${spec.setup}: ${evidence}`, spec.requirementIds, performance.now() - started, data);
  let ran = false;
  let result;
  try {
    result = await withFallback(spec.client, spec.call, async (reason) => {
      ran = true;
      return spec.fallback(reason);
    });
  } catch (error) {
    return done(false, `${ran ? `fallback ${spec.fallbackName} threw` : `${spec.callLabel} threw`}: ${errorText(error)}`);
  }
  if (result.source !== 'fallback') {
    return done(false, `${spec.callLabel} returned ${describeValue(result.value)} as if the server had answered (lastOutcome ${JSON.stringify(spec.client.lastOutcome)}); fallback ${spec.fallbackName} did not run`);
  }
  if (isEmpty(result.value)) return done(false, `unavailable detected (${result.reason}) but fallback ${spec.fallbackName} returned nothing: ${describeValue(result.value)}`);
  const shown = JSON.stringify(result.value) ?? String(result.value);
  return done(true, `${spec.callLabel} → unavailable (${result.reason.slice(0, 160)}); fallback ${spec.fallbackName} ran and returned ${shown.length > 400 ? `${shown.slice(0, 400)}...` : shown}`, {
    fallback: spec.fallbackName,
  });
}
