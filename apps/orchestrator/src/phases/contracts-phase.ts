import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Build1Tools } from '../build1/build1-tools.js';
import { PhaseError } from '../errors.js';
import type { PipelineContext } from '../pipeline/context.js';
import { atomicWriteJson } from '../state/state-store.js';
import { type ContractRegistry, ContractStubSchema, reportedCost } from './decomposition.js';

const CreatedSchema = z.looseObject({ id: z.string().min(1), spec_hash: z.string().default('') });
const ValidationSchema = z.looseObject({ valid: z.boolean(), errors: z.array(z.string()).default([]) });
const ListSchema = z.looseObject({ items: z.array(z.looseObject({ id: z.string() })) });

/**
 * contracts_registering (seed 003 section 3.2): for every contract stub,
 * `validate_spec`, then `create_contract` in this pipeline's build cycle,
 * then `list_contracts` to see it stored; writes CONTRACTS.json. Re-running
 * it (resume) re-sends the same specs, which the Contract Engine treats as
 * idempotent within a build cycle.
 *
 * @example
 * await runContractsPhase(ctx, build1);
 */
export async function runContractsPhase(ctx: PipelineContext, build1: Build1Tools): Promise<void> {
  const { state } = ctx;
  const index = JSON.parse(readFileSync(join(state.state_dir, 'ContractRegistry', 'index.json'), 'utf8')) as { stubs: Record<string, string> };
  const wanted = new Set(state.services.map((s) => s.name));
  const registry: ContractRegistry = { build_cycle_id: state.pipeline_id, registered_at: new Date().toISOString(), contracts: [] };
  for (const [key, file] of Object.entries(index.stubs)) {
    const stub = ContractStubSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    if (!wanted.has(stub.service_name)) continue;
    const validation = ValidationSchema.parse(await build1.call('contract_engine', 'validate_spec', { spec: stub.spec, type: stub.type }));
    const createdRaw = await build1.call('contract_engine', 'create_contract', {
      service_name: stub.service_name,
      type: stub.type,
      version: stub.version,
      spec: stub.spec,
      build_cycle_id: state.pipeline_id,
    });
    ctx.tracker.addPhaseCost('contracts_registering', reportedCost(createdRaw));
    const created = CreatedSchema.parse(createdRaw);
    const listed = ListSchema.parse(await build1.call('contract_engine', 'list_contracts', { service_name: stub.service_name, type: stub.type, page_size: 100 }));
    const stored = listed.items.some((item) => item.id === created.id);
    const errors = [...validation.errors, ...(stored ? [] : [`list_contracts does not return contract ${created.id}`])];
    registry.contracts.push({ id: created.id, service_name: stub.service_name, type: stub.type, version: stub.version, spec_hash: created.spec_hash, valid: validation.valid && stored, errors, file });
    state.contract_ids[key] = created.id;
    ctx.log(`[contracts] ${key} -> ${created.id} ${validation.valid && stored ? 'valid' : `INVALID: ${errors.join('; ')}`}`);
  }
  if (registry.contracts.length === 0) throw new PhaseError('contracts_registering', 'no contract stub to register for the planned services');
  const registryPath = join(state.state_dir, 'CONTRACTS.json');
  atomicWriteJson(registryPath, registry);
  state.contract_registry_path = registryPath;
  state.phase_artifacts.contracts_registering = { registry: registryPath };
  const invalid = registry.contracts.filter((c) => !c.valid);
  if (invalid.length > 0) ctx.log(`[contracts] ${invalid.length} invalid contract(s): ${invalid.map((c) => `${c.service_name}/${c.type}`).join(', ')}`);
}
