import path from 'node:path';
import { stringify } from 'yaml';
import { Run4ConfigSchema } from './config-schema.js';
import { REFERENCE_PROFILE } from './load-stack-profile.js';

/**
 * The text `run4 init` writes: `stack_profile` pointing at the embedded
 * reference stack's profile (relative to `targetDir`) and every other field
 * with its default, so a team points Run 4 at its own stack by writing its
 * own profile (copy fixtures/tasktracker/run4.stack.yaml) and changing one line.
 *
 * @example
 * writeFileSync('run4.config.yaml', renderDefaultConfig(findInstallRoot(), process.cwd()));
 */
export function renderDefaultConfig(installRoot: string, targetDir: string): string {
  const defaults = Run4ConfigSchema.parse({});
  const profile = path.relative(targetDir, path.join(installRoot, REFERENCE_PROFILE)) || REFERENCE_PROFILE;
  return [
    '# Run 4 configuration (seed 001 R4-M1-001).',
    '# stack_profile names the stack under test: which .mcp.json server plays which',
    '# Build 1 role, the builder command, the compose tiers and the sample app with',
    '# its contracts and data flows. The one below is the reference stack shipped',
    '# with Run 4; copy it to describe your own stack.',
    "# Relative paths resolve against this file's directory.",
    stringify({ stack_profile: profile }),
    '# Optional overrides of what the profile says (paths of the systems under test):',
    '# build1_project_root, build2_project_root, build3_project_root, mcp_config_path,',
    '# builder_command, docker_compose_files, sample_prd_path, fixtures_dir',
    '',
    stringify(defaults),
  ].join('\n');
}
