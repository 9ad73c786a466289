import path from 'node:path';
import { StackProfileSchema, type StackProfile } from '@run4/schemas';
import { ConfigError } from './config-error.js';
import { readYamlMapping, toConfigError } from './config-issues.js';

/** The reference stack's profile, relative to the Run 4 installation: the embedded default. */
export const REFERENCE_PROFILE = 'fixtures/tasktracker/run4.stack.yaml';

/** A loaded stack profile: every path absolute, `{stack}` substituted in commands. */
export interface LoadedStackProfile {
  file: string;
  dir: string;
  profile: StackProfile;
}

/**
 * Load and validate a stack profile. Relative paths resolve against the
 * profile's directory; `{stack}` in commands becomes that directory. Any
 * problem is a ConfigError (exit 2) naming the file and the field.
 *
 * @example
 * const { profile } = loadStackProfile('/repo/fixtures/tasktracker/run4.stack.yaml');
 * profile.build1.roles.architect?.mcp_server; // 'architect'
 */
export function loadStackProfile(file: string, display: string = file): LoadedStackProfile {
  const raw = readYamlMapping(file, display, 'see fixtures/tasktracker/run4.stack.yaml for a complete profile');
  const parsed = StackProfileSchema.safeParse(raw);
  if (!parsed.success) throw toConfigError(display, raw, parsed.error, () => []);
  const dir = path.dirname(path.resolve(file));
  const abs = (p: string) => path.resolve(dir, p);
  const command = (c: string) => c.replaceAll('{stack}', dir);
  const p = parsed.data;
  const contracts = Object.fromEntries(
    Object.entries(p.sample_app.contracts).map(([service, c]) => [
      service,
      { ...c, ...(c.openapi ? { openapi: abs(c.openapi) } : {}), ...(c.asyncapi ? { asyncapi: abs(c.asyncapi) } : {}), pacts: c.pacts.map(abs) },
    ]),
  );
  const profile: StackProfile = {
    ...p,
    build1: { ...p.build1, project_root: abs(p.build1.project_root), mcp_config: abs(p.build1.mcp_config) },
    build2: { ...p.build2, project_root: abs(p.build2.project_root), command: command(p.build2.command) },
    ...(p.build3 ? { build3: { ...p.build3, project_root: abs(p.build3.project_root), ...(p.build3.command ? { command: command(p.build3.command) } : {}) } } : {}),
    compose: { ...p.compose, tiers: Object.fromEntries(Object.entries(p.compose.tiers).map(([t, f]) => [t, abs(f)])) },
    sample_app: { ...p.sample_app, prd: abs(p.sample_app.prd), contracts },
  };
  for (const [service, c] of Object.entries(profile.sample_app.contracts)) {
    for (const state of Object.keys(c.provider_states)) {
      if (c.pacts.length === 0) throw new ConfigError(display, `sample_app.contracts.${service}.provider_states`, `provider state "${state}" given but no pact lists ${service} as provider`, `add the pact file under sample_app.contracts.${service}.pacts or remove the state`);
    }
  }
  return { file: path.resolve(file), dir, profile };
}
