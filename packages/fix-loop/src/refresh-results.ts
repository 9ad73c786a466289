import { parseBuilderState, type BuilderResult } from '@run4/builder-runner';

/**
 * Refresh each builder result from its STATE.json after a quick fix pass
 * (the gate's Layer 1 reads these); a result whose STATE.json cannot be
 * read stays as it was.
 *
 * @example
 * results = await refreshBuilderResults(results);
 */
export async function refreshBuilderResults(results: readonly BuilderResult[]): Promise<BuilderResult[]> {
  return Promise.all(
    results.map(async (r) => {
      try {
        const s = await parseBuilderState(r.output_dir);
        return { ...r, success: s.summary.success, test_passed: s.summary.test_passed, test_total: s.summary.test_total, convergence_ratio: s.summary.convergence_ratio, cost: s.total_cost };
      } catch {
        return r;
      }
    }),
  );
}
