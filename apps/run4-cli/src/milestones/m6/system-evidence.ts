import path from 'node:path';
import { builderOutputsRoot, systemEvidence as judgeSystems } from '@run4/audit';
import { scanLayer3 } from '@run4/quality-gate';
import type { MilestoneContext } from '../types.js';

/**
 * Code quality and documentation evidence of each build, from its files
 * where the stack profile locates them (judged by @run4/audit's
 * `systemEvidence`, scanned with quality-gate's Layer 3). Build 2's
 * services are where M4's builders wrote, else Run 4's own builder folder.
 *
 * @example
 * const { systems, checks } = await systemEvidence(ctx);
 */
export function systemEvidence(ctx: MilestoneContext): ReturnType<typeof judgeSystems> {
  const { config, outputDir, profile } = ctx;
  return judgeSystems({
    build1Root: config.build1_project_root,
    build1Tier: profile.compose.tiers.build1,
    mcpConfigPath: config.mcp_config_path,
    build2Root: builderOutputsRoot(path.join(outputDir, 'm4', 'builder_results.json'), path.join(outputDir, 'm4_builder_outputs')),
    build3Root: profile.build3?.project_root,
    scan: scanLayer3,
    idPrefix: 'm6',
  });
}
