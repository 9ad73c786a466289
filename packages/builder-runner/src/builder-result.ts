import { z } from 'zod';

/** Why a builder run failed; null when it succeeded. */
export const BuilderFailureSchema = z.enum([
  'crash', // non-zero exit or killed by a signal
  'timeout', // ran past its timeout; process group killed
  'aborted', // AbortSignal fired (e.g. Ctrl+C); process group killed
  'spawn_error', // command could not be started
  'state_missing', // exited 0 but wrote no STATE.json
  'state_invalid', // STATE.json is not JSON or breaks the contract
  'state_stale', // STATE.json unchanged by this run
  'reported_failure', // STATE.json valid but summary.success is false
]);
export type BuilderFailure = z.infer<typeof BuilderFailureSchema>;

/**
 * One builder's result: the fields of seed 004 section 3.1 `BuilderResult`
 * (snake_case, as in the seed) plus Run4's process evidence.
 */
export const BuilderResultSchema = z
  .object({
    system_id: z.string(),
    service_id: z.string(),
    success: z.boolean(),
    cost: z.number(),
    error: z.string(),
    output_dir: z.string(),
    test_passed: z.number().int(),
    test_total: z.number().int(),
    convergence_ratio: z.number(),
    artifacts: z.array(z.string()),
    // Run4 extras
    failure: BuilderFailureSchema.nullable(),
    exit_code: z.number().int().nullable(),
    signal: z.string().nullable(),
    timed_out: z.boolean(),
    command: z.array(z.string()),
    started_at: z.string(),
    finished_at: z.string(),
    duration_ms: z.number().nonnegative(),
    stdout_file: z.string(),
    stderr_file: z.string(),
    stdout_truncated: z.boolean(),
    stderr_truncated: z.boolean(),
    /** Processes of the builder's group still alive after it exited, killed by the runner. */
    leftover_processes_killed: z.boolean(),
    health: z.string().nullable(),
    completed_phases: z.array(z.string()),
  })
  .strict();
export type BuilderResult = z.infer<typeof BuilderResultSchema>;

/** The aggregate of one {@link runBuilders} call. */
export const FleetResultSchema = z
  .object({
    results: z.array(BuilderResultSchema),
    total: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    total_cost: z.number(),
    max_concurrent: z.number().int().positive(),
    /** Highest number of builders observed running at once. */
    peak_concurrency: z.number().int().nonnegative(),
    started_at: z.string(),
    finished_at: z.string(),
    duration_ms: z.number().nonnegative(),
  })
  .strict();
export type FleetResult = z.infer<typeof FleetResultSchema>;
