import { z } from 'zod';

/** Builder depths of seed 003 section 8.5, shallowest first. */
export const BUILDER_DEPTHS = ['quick', 'standard', 'thorough', 'exhaustive'] as const;

/**
 * How deep a builder works (seed 003 section 8.5): the `--depth` of the agent_team CLI.
 *
 * @example
 * BuilderDepthSchema.parse('quick'); // 'quick'
 */
export const BuilderDepthSchema = z.enum(BUILDER_DEPTHS);
export type BuilderDepth = z.infer<typeof BuilderDepthSchema>;
