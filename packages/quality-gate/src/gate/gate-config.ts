import { z } from 'zod';
import { LAYER3_SCANNERS } from '../models/scan-codes.js';

/** Severity grades accepted by `blocking_severity` (the gate's three plus the seed's finer grades). */
export const BlockingSeveritySchema = z.enum(['critical', 'high', 'error', 'warning', 'info']);
export type BlockingSeverity = z.infer<typeof BlockingSeveritySchema>;

const scannerNames = Object.keys(LAYER3_SCANNERS) as [keyof typeof LAYER3_SCANNERS, ...Array<keyof typeof LAYER3_SCANNERS>];

/**
 * Seed 004 section 3.7 `QualityGateConfig` plus Run 4's
 * `continue_after_blocking` (run the later layers even when a layer is not
 * promoted, so one report shows every finding; default false = the seed's
 * strict promotion).
 */
export const QualityGateConfigSchema = z
  .object({
    max_fix_retries: z.number().int().min(0).default(3),
    layer3_scanners: z.array(z.enum(scannerNames)).default([...scannerNames]),
    layer4_enabled: z.boolean().default(true),
    blocking_severity: BlockingSeveritySchema.default('error'),
    continue_after_blocking: z.boolean().default(false),
  })
  .strict();
export type QualityGateConfig = z.infer<typeof QualityGateConfigSchema>;
export type QualityGateConfigInput = z.input<typeof QualityGateConfigSchema>;

const RANK: Record<BlockingSeverity, number> = { info: 0, warning: 1, error: 2, high: 3, critical: 4 };

/**
 * Whether a violation of the given grade blocks under `blocking_severity`.
 *
 * @example
 * isBlocking('critical', 'error'); // true
 * isBlocking('warning', 'error');  // false
 */
export function isBlocking(grade: BlockingSeverity, blockingSeverity: BlockingSeverity): boolean {
  return RANK[grade] >= RANK[blockingSeverity];
}
