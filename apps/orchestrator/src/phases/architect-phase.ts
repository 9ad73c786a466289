import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Build1Tools } from '../build1/build1-tools.js';
import { PhaseError } from '../errors.js';
import type { PipelineContext, ReviewOutcome } from '../pipeline/context.js';
import type { PlannedService } from '../state/pipeline-state.js';
import { atomicWriteJson } from '../state/state-store.js';
import { DecompositionSchema, reportedCost } from './decomposition.js';

/** A compose/builder-safe service name. */
const SERVICE_NAME = /^[a-z0-9][a-z0-9_-]*$/;

function safeFileName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * architect_running: call the architect's `decompose` over MCP with the PRD,
 * write ServiceMap.yaml, DomainModel.yaml, the raw decomposition and one
 * file per contract stub under ContractRegistry/, and plan one builder
 * directory per service of the map. `systems` keeps only those services.
 *
 * @example
 * await runArchitectPhase(ctx, new Build1Tools(ctx.config));
 */
export async function runArchitectPhase(ctx: PipelineContext, build1: Build1Tools, systems: readonly string[] = []): Promise<void> {
  const { state } = ctx;
  const dir = state.state_dir;
  const prdText = readFileSync(state.prd_path, 'utf8');
  ctx.log(`[architect] decompose (${prdText.length} chars) via ${build1.server('architect').name}`);
  const answer = await build1.call('architect', 'decompose', { prd_text: prdText });
  const parsed = DecompositionSchema.safeParse(answer);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PhaseError('architect_running', `decompose answered an unexpected shape: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const decomposition = parsed.data;
  ctx.tracker.addPhaseCost('architect_running', reportedCost(answer));
  const wanted = new Set(systems);
  const services = decomposition.service_map.services.filter((s) => wanted.size === 0 || wanted.has(s.name));
  if (wanted.size > 0 && services.length < wanted.size) {
    const missing = [...wanted].filter((w) => !services.some((s) => s.name === w));
    throw new PhaseError('architect_running', `--system ${missing.join(', ')} is not in the decomposition (services: ${decomposition.service_map.services.map((s) => s.name).join(', ')})`);
  }

  const registryDir = join(dir, 'ContractRegistry');
  mkdirSync(registryDir, { recursive: true });
  const stubFiles: Record<string, string> = {};
  for (const stub of decomposition.contract_stubs) {
    const file = join(registryDir, `${safeFileName(stub.service_name)}.${safeFileName(stub.type)}.json`);
    atomicWriteJson(file, stub);
    stubFiles[`${stub.service_name}/${stub.type}`] = file;
  }
  const registryIndex = join(registryDir, 'index.json');
  atomicWriteJson(registryIndex, { stubs: stubFiles });
  const serviceMapPath = join(dir, 'ServiceMap.yaml');
  writeFileSync(serviceMapPath, stringify({ ...decomposition.service_map, services }));
  const domainModelPath = join(dir, 'DomainModel.yaml');
  writeFileSync(domainModelPath, stringify(decomposition.domain_model));
  atomicWriteJson(join(dir, 'decomposition.json'), decomposition);

  state.services = services.map((svc): PlannedService => {
    const ownAsync = stubFiles[`${svc.name}/asyncapi`];
    // A consumer builds against the AsyncAPI document of the service whose events it consumes.
    const publisher = svc.events_consumed.length > 0 ? services.find((p) => p.name !== svc.name && p.events_published.some((e) => svc.events_consumed.includes(e)) && stubFiles[`${p.name}/asyncapi`]) : undefined;
    return {
      name: svc.name,
      builder_dir: join(dir, 'builders', svc.name),
      openapi: stubFiles[`${svc.name}/openapi`] ?? null,
      asyncapi: ownAsync ?? (publisher ? (stubFiles[`${publisher.name}/asyncapi`] ?? null) : null),
      port: ctx.config.integration.service_port,
    };
  });
  state.service_map_path = serviceMapPath;
  state.domain_model_path = domainModelPath;
  state.contract_registry_path = registryIndex;
  state.total_builders = state.services.length;
  state.phase_artifacts.architect_running = { service_map: serviceMapPath, domain_model: domainModelPath, contract_stubs: registryIndex };
  for (const issue of decomposition.validation_issues) ctx.log(`[architect] validation issue: ${issue}`);
  ctx.log(`[architect] ${services.length} service(s): ${services.map((s) => s.name).join(', ')}; ${decomposition.contract_stubs.length} contract stub(s)`);
}

/**
 * architect_review: approve when the map has services with valid, unique
 * names and every service has an OpenAPI stub to build against.
 *
 * @example
 * const { approved, reasons } = reviewDecomposition(ctx);
 */
export function reviewDecomposition(ctx: PipelineContext): ReviewOutcome {
  const reasons: string[] = [];
  const services = ctx.state.services;
  if (services.length === 0) reasons.push('the service map has no services');
  const seen = new Set<string>();
  for (const s of services) {
    if (!SERVICE_NAME.test(s.name)) reasons.push(`service name "${s.name}" is not lower-case letters, digits, "-" or "_"`);
    if (seen.has(s.name)) reasons.push(`service "${s.name}" appears twice`);
    seen.add(s.name);
    if (!s.openapi) reasons.push(`service "${s.name}" has no OpenAPI contract stub`);
  }
  return { approved: reasons.length === 0, reasons };
}
