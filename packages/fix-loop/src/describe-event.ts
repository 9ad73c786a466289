import type { FixLoopEvent } from './run-fix-loop.js';

/**
 * One progress line for a fix-loop event.
 *
 * @example
 * await runFixLoop({ ...options, onProgress: (e) => console.log(describeFixLoopEvent(e)) });
 * // 'fix pass 1: resolved 3/4, regressions 0, effectiveness 0.75, aggregate 61.0 -> 70.5 (+9.5)'
 */
export function describeFixLoopEvent(event: FixLoopEvent): string {
  switch (event.type) {
    case 'pass-start':
      return `fix pass ${event.passNumber}: ${event.targeted} findings in ${event.services.join(', ') || 'no service'}`;
    case 'applied':
      return `fix pass ${event.passNumber}: ${event.service} rebuilt at depth quick: ${event.success ? 'ok' : `FAILED ${event.error ?? ''}`}`;
    case 'pass-end': {
      const r = event.record;
      const score = r.score_delta === undefined ? 'score not computed' : `aggregate ${r.score_before?.toFixed(1)} -> ${r.score_after?.toFixed(1)} (${r.score_delta >= 0 ? '+' : ''}${r.score_delta.toFixed(1)})`;
      return `fix pass ${r.pass_number}: resolved ${r.resolved}/${r.targeted}, regressions ${event.regressions.length}, effectiveness ${r.effectiveness.toFixed(2)}, ${score}`;
    }
    case 'stop':
      return `fix loop stops: ${event.decision.reason ?? 'none'} (${event.decision.detail})`;
  }
}
