import { existsSync } from 'node:fs';
import { type CheckRecord, runCheck } from '@run4/checks';
import { generateComposeFile, type GeneratedServiceInput, type GenerateOptions } from '../compose/generate.js';
import { loadComposeFile, loadComposeStack } from '../compose/load.js';
import type { ComposeFile } from '../compose/model.js';
import { toStringMap } from '../compose/model.js';
import { parseTraefikRoutes } from '../compose/traefik-labels.js';
import { ComposeValidationError } from '../errors.js';

const issuesText = (e: unknown) => (e instanceof ComposeValidationError ? e.issues.map((i) => `${i.file} ${i.path}: ${i.reason}`).join('; ') : (e as Error).message);

/**
 * B3-06: generate docker-compose.generated.yml from builder results, read it
 * back and validate it; every successful builder must have a service.
 *
 * @example
 * const rec = await composeGenerationCheck(results, '.run4/docker-compose.generated.yml');
 */
export async function composeGenerationCheck(results: GeneratedServiceInput[], file: string, options: GenerateOptions = {}): Promise<CheckRecord> {
  return runCheck({ id: 'm4.compose.generation', name: 'docker-compose.generated.yml generated and valid', requirementIds: ['B3-06', 'R4-M4-006'] }, async () => {
    try {
      generateComposeFile(results, file, options);
      const { model } = loadComposeFile(file);
      const expected = results.filter((r) => r.success !== false).map((r) => r.service_id);
      const missing = expected.filter((s) => !model.services?.[s]);
      if (missing.length > 0) return { status: 'FAIL', evidence: `${file} lacks services ${missing.join(', ')}` };
      return { status: 'PASS', evidence: `${file}: ${expected.length} services (${expected.join(', ')}), valid against the compose-spec schema`, data: { file, services: expected } };
    } catch (error) {
      return { status: 'FAIL', evidence: `${existsSync(file) ? '' : 'not written: '}${issuesText(error)}` };
    }
  });
}

/**
 * the tier files merge (seed order) into one valid model: schema per
 * file, then dangling depends_on / networks / volumes and port clashes.
 *
 * @example
 * const rec = await composeMergeCheck(tierFiles({ dockerDir: 'docker', generatedFile }));
 */
export async function composeMergeCheck(files: string[], projectName?: string): Promise<CheckRecord> {
  return runCheck({ id: 'm4.compose.merge', name: 'compose tiers merge into a valid model', requirementIds: ['X-08'] }, async () => {
    try {
      const merged = loadComposeStack(files, { projectName });
      const services = Object.keys(merged.model.services ?? {});
      return { status: 'PASS', evidence: `${files.length} files merged: ${services.length} services (${services.join(', ')}), no dangling reference or port clash`, data: { files, services } };
    } catch (error) {
      return { status: 'FAIL', evidence: issuesText(error), data: { files } };
    }
  });
}

/**
 * B3-07 (static part): every routed service has a Traefik v3 router with a
 * PathPrefix rule, a StripPrefix middleware for the same prefix, a load
 * balancer port equal to its listening port and `traefik.docker.network`;
 * prefixes are unique. Live routing needs the traefik image: without it the
 * record is WARN and says so.
 *
 * @example
 * const rec = await traefikLabelsCheck(model, ['accounts-api', 'payments-api'], { traefikDeployed: false });
 */
export async function traefikLabelsCheck(model: ComposeFile, services: string[], options: { traefikDeployed: boolean }): Promise<CheckRecord> {
  return runCheck({ id: 'm4.compose.traefik-labels', name: 'Traefik PathPrefix routes', requirementIds: ['B3-07'] }, async () => {
    const problems: string[] = [];
    const prefixes = new Map<string, string>();
    for (const name of services) {
      const svc = model.services?.[name];
      if (!svc) {
        problems.push(`${name}: not in the model`);
        continue;
      }
      const labels = toStringMap(svc.labels as never);
      const routes = parseTraefikRoutes(labels);
      const port = toStringMap(svc.environment as never).PORT;
      if (routes.length === 0) problems.push(`${name}: no enabled router with a PathPrefix rule`);
      for (const r of routes) {
        if (r.stripPrefix !== r.pathPrefix) problems.push(`${name}: router ${r.router} has no StripPrefix middleware for ${r.pathPrefix}`);
        if (!r.network) problems.push(`${name}: no traefik.docker.network label`);
        if (port && r.port !== Number(port)) problems.push(`${name}: load balancer port ${r.port} ≠ service PORT ${port}`);
        const other = prefixes.get(r.pathPrefix);
        if (other) problems.push(`${name}: prefix ${r.pathPrefix} already routed to ${other}`);
        prefixes.set(r.pathPrefix, name);
      }
    }
    if (problems.length > 0) return { status: 'FAIL', evidence: problems.join('; ') };
    const routes = [...prefixes].map(([p, s]) => `${p}→${s}`).join(', ');
    if (!options.traefikDeployed) return { status: 'WARN', evidence: `labels correct (${routes}); live routing not exercised: the traefik image is not present locally`, data: { routes: Object.fromEntries(prefixes) } };
    return { status: 'PASS', evidence: `labels correct: ${routes}`, data: { routes: Object.fromEntries(prefixes) } };
  });
}
