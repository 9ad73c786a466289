import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { VerifierOptions } from '@pact-foundation/pact';
import { check, Run4Error, type CheckRecord } from '@run4/checks';
import { PactFileSchema, type PactFile } from '@run4/schemas';
import { CONTRACT_CODES, type ContractViolation } from './contract-violation.js';
import { PactVerifierProcess } from './pact-child.js';

/** A pact file is missing, not JSON, or not a pact. */
export class PactFileError extends Run4Error {
  constructor(file: string, why: string) {
    super(`invalid pact file ${file}: ${why}\nPass Pact V3/V4 JSON files written by a consumer test.`, { code: 'PACT_FILE_INVALID', exitCode: 2 });
  }
}

/** Options of a Pact provider verification. */
export interface PactVerifyOptions {
  /** Provider name; interactions of pacts for other providers are not verified. */
  provider: string;
  providerBaseUrl: string;
  pactFiles: string[];
  /** Provider state handlers, passed to the Pact Verifier. */
  stateHandlers?: VerifierOptions['stateHandlers'];
  /** Per-interaction timeout. Default 30000 ms. */
  timeoutMs?: number;
}

/** Result of verifying the consumer pacts of one provider. */
export interface PactVerifyResult {
  provider: string;
  interactionsTotal: number;
  interactionsPassed: number;
  violations: ContractViolation[];
  checks: CheckRecord[];
}

async function readPact(file: string): Promise<PactFile> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    throw new PactFileError(file, error instanceof Error ? error.message : String(error));
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new PactFileError(file, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = PactFileSchema.safeParse(json);
  if (!parsed.success) throw new PactFileError(file, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

function providerStateNames(interaction: Record<string, unknown>): string[] {
  const names: string[] = [];
  if (Array.isArray(interaction.providerStates)) {
    for (const st of interaction.providerStates) {
      const name = (st as { name?: unknown } | null)?.name;
      if (typeof name === 'string') names.push(name);
    }
  }
  if (typeof interaction.providerState === 'string') names.push(interaction.providerState);
  return names;
}

/**
 * Turn the Verifier's rejection (JSON results from the Pact core, or plain
 * text) into one readable line: the mismatches it lists.
 *
 * @example
 * describePactFailure('{"errors":[{"mismatch":{"mismatches":[{"mismatch":"expected 401 but was 200"}]}}]}'); // 'expected 401 but was 200'
 */
export function describePactFailure(message: string): string {
  try {
    const parsed = JSON.parse(message) as { errors?: Array<{ mismatch?: { message?: string; mismatches?: Array<{ mismatch?: string; path?: string }> } }> };
    const lines = (parsed.errors ?? []).flatMap((e) => {
      const list = e.mismatch?.mismatches ?? [];
      if (list.length === 0) return e.mismatch?.message ? [e.mismatch.message] : [];
      return list.map((m) => (m.path && m.path !== '$' ? `${m.path}: ${m.mismatch ?? ''}` : (m.mismatch ?? '')));
    });
    if (lines.length > 0) return lines.filter(Boolean).join('; ').slice(0, 600);
  } catch {
    // not JSON: fall through to the text
  }
  return firstLines(message);
}

function firstLines(text: string, max = 6): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .slice(0, max)
    .join(' | ')
    .slice(0, 600);
}

/**
 * Verify the consumer pacts of a provider with Pact's own `Verifier`
 * (Pact V4, offline). Each interaction is verified on its own, so the
 * result names exactly which interactions fail (one PACT-001 each) and
 * counts passed interactions for the IntegrationReport.
 *
 * @example
 * const r = await verifyPacts({ provider: 'accounts-service', providerBaseUrl: 'http://127.0.0.1:8081', pactFiles: ['pacts/billing-service-accounts-service.json'] });
 * r.interactionsPassed === r.interactionsTotal;
 */
export async function verifyPacts(options: PactVerifyOptions): Promise<PactVerifyResult> {
  // The Pact core posts usage metrics unless told not to; nothing here may reach the internet.
  process.env.PACT_DO_NOT_TRACK ??= 'true';
  const violations: ContractViolation[] = [];
  const checks: CheckRecord[] = [];
  let total = 0;
  let passed = 0;
  const dir = await mkdtemp(join(tmpdir(), 'run4-pact-'));
  const verifier = new PactVerifierProcess();
  try {
    for (const file of options.pactFiles) {
      const pact = await readPact(file);
      if (pact.provider.name !== options.provider) continue;
      for (const [index, interaction] of pact.interactions.entries()) {
        total++;
        const single = join(dir, `${basename(file, '.json')}-${index}.json`);
        await writeFile(single, JSON.stringify({ ...pact, interactions: [interaction] }));
        const states = providerStateNames(interaction);
        const missing = states.filter((st) => !options.stateHandlers?.[st]);
        const handlers: NonNullable<VerifierOptions['stateHandlers']> = { ...options.stateHandlers };
        // A state nobody can set up is entered as-is; the interaction then stands or falls on the provider's real answer.
        for (const st of missing) handlers[st] = async () => undefined;
        const started = performance.now();
        let failure: string | undefined;
        try {
          // Pact (and its native core) loads only when a pact is verified, in a child process whose output goes to stderr.
          await verifier.verify({
            provider: options.provider,
            providerBaseUrl: options.providerBaseUrl,
            pactUrls: [single],
            logLevel: (process.env.RUN4_PACT_LOG_LEVEL as 'error' | undefined) ?? 'error',
            timeout: options.timeoutMs ?? 30_000,
            ...(states.length > 0 ? { stateHandlers: handlers } : {}),
          });
        } catch (error) {
          failure = error instanceof Error ? error.message : String(error);
        }
        const durationMs = Math.round(performance.now() - started);
        const id = `l2.pact.${pact.consumer.name}.${options.provider}.${index}`;
        const name = `pact ${pact.consumer.name} -> ${options.provider}: ${interaction.description}`;
        if (failure === undefined) {
          passed++;
          const note = missing.length > 0 ? ` (no handler for provider state ${missing.map((m) => JSON.stringify(m)).join(', ')}; verified without setup)` : '';
          checks.push(check(id, name, 'PASS', `provider satisfies the interaction${note}`, ['B3-03', 'R4-M4-006'], durationMs));
        } else {
          const why = describePactFailure(failure);
          checks.push(check(id, name, 'FAIL', why, ['B3-03', 'R4-M4-006'], durationMs));
          violations.push({
            code: 'PACT-001',
            severity: CONTRACT_CODES['PACT-001']!.severity,
            service: options.provider,
            endpoint: interaction.description,
            message: `pact_verification: ${pact.consumer.name} expects "${interaction.description}": ${why}`,
            expected: `interaction ${index} of ${basename(file)}`,
            actual: why,
            file_path: file,
            check: 'pact_verification',
          });
        }
      }
    }
  } finally {
    verifier.close();
    await rm(dir, { recursive: true, force: true });
  }
  return { provider: options.provider, interactionsTotal: total, interactionsPassed: passed, violations, checks };
}
