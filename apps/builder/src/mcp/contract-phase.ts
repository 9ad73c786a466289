import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { BuilderConfig } from '../config.js';
import type { ContractInfo } from './contract-engine-client.js';
import type { McpSessions } from './open-servers.js';

const TYPES = ['openapi', 'asyncapi'] as const;
type SpecType = (typeof TYPES)[number];

/** What the Contract Engine gave the build: contract files to generate from, and the contracts it fetched. */
export interface FetchedContracts {
  /** Replacement contract files (relative to the builder dir) for the types the engine supplied a different spec for. */
  files: Partial<Record<SpecType, string>>;
  contracts: ContractInfo[];
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

async function diskSpec(dir: string, file: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (!file || !existsSync(resolve(dir, file))) return undefined;
  try {
    const raw: unknown = parseYaml(await readFile(resolve(dir, file), 'utf8'));
    return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function fetchForService(mcp: McpSessions, service: string, log: (l: string) => void): Promise<ContractInfo[]> {
  const ce = mcp.contractEngine;
  if (!ce) return [];
  const pending = await ce.getUnimplementedContracts(service);
  const wanted = pending.value.filter((c) => (TYPES as readonly string[]).includes(c.type));
  log(`mcp: contract_engine lists ${wanted.length} unimplemented openapi/asyncapi contract(s) for ${service}`);
  const out: ContractInfo[] = [];
  for (const row of wanted) {
    const got = await ce.getContract(row.id);
    if (got.value) out.push(got.value);
    else mcp.report.contracts.fetched.push({ id: row.id, type: row.type, used_as: `not used: get_contract gave no contract${got.ok ? '' : ` (${got.error})`}` });
  }
  return out;
}

/**
 * Before generation: fetch the service's contracts from the Contract Engine
 * (`get_unimplemented_contracts`, then `get_contract` per id), check each
 * spec with `validate_spec` (when `validation_on_build`), and, at full depth,
 * `check_breaking_changes` of the local contract file against it. A valid
 * spec that differs from the local file is written to
 * `contracts/<type>.contract-engine.json` and generated from; an invalid or
 * unanswered one is not used (the local file stays). Without a fetched spec
 * the local contract is validated instead.
 *
 * @example
 * const fetched = await contractPhase(mcp, config, dir, log);
 * fetched.files.openapi; // 'contracts/openapi.contract-engine.json' when the engine's spec differs
 */
export async function contractPhase(mcp: McpSessions, config: BuilderConfig, dir: string, log: (l: string) => void): Promise<FetchedContracts> {
  const ce = mcp.contractEngine;
  const plan = mcp.plans.contract_engine;
  const result: FetchedContracts = { files: {}, contracts: [] };
  if (!ce) return result;
  const fetched = await fetchForService(mcp, config.service.name, log);
  for (const type of TYPES) {
    const localFile = config.contracts[type];
    const local = await diskSpec(dir, localFile);
    const remote = fetched.find((c) => c.type === type);
    const spec = remote?.spec ?? local;
    if (!spec) continue;
    const target = remote ? `contract ${remote.id} (${type})` : `${localFile} (${type})`;
    if (plan.validate) {
      const v = await ce.validateSpec(spec, type);
      const detail = v.ok ? (v.value.valid ? 'valid' : v.value.errors.slice(0, 3).join('; ') || 'invalid') : `not validated: ${v.error}`;
      mcp.report.contracts.validated.push({ target, valid: v.ok && v.value.valid, detail });
      if (remote && !(v.ok && v.value.valid)) {
        mcp.report.contracts.fetched.push({ id: remote.id, type, used_as: `not used (validate_spec: ${detail}); generated from ${localFile ?? 'no local file'}` });
        log(`mcp: contract ${remote.id} not used (validate_spec: ${detail})`);
        continue;
      }
    }
    if (!remote) continue;
    result.contracts.push(remote);
    if (local && canonical(local) === canonical(remote.spec)) {
      mcp.report.contracts.fetched.push({ id: remote.id, type, used_as: `${localFile} (same spec)` });
      continue;
    }
    if (local && plan.full) {
      const changes = await ce.checkBreakingChanges(remote.id, local);
      mcp.report.contracts.breaking_changes += changes.value.length;
      log(`mcp: ${localFile} differs from contract ${remote.id}: ${changes.value.length} change(s) by check_breaking_changes`);
    }
    const file = `contracts/${type}.contract-engine.json`;
    await mkdir(join(dir, 'contracts'), { recursive: true });
    await writeFile(join(dir, file), `${JSON.stringify(remote.spec, null, 2)}\n`, 'utf8');
    result.files[type] = file;
    mcp.report.contracts.fetched.push({ id: remote.id, type, used_as: file });
    log(`mcp: generating from contract ${remote.id} of the Contract Engine (${file})`);
  }
  return result;
}
