import { type CheckOutcome, type CheckRecord, runCheck } from '@run4/checks';

/**
 * R4-M3-006: the agent-teams fallback. Runs `probe` when the builder under
 * test exposes an agent-teams backend; otherwise records SKIP with the reason.
 *
 * @example
 * const rec = await checkAgentTeamsFallback(undefined, 'the reference builder has no agent-teams backend');
 */
export async function checkAgentTeamsFallback(probe?: () => Promise<CheckOutcome>, skipReason?: string): Promise<CheckRecord> {
  return runCheck({ id: 'm3.agent-teams-fallback', name: 'Agent Teams fallback to CLI backend', requirementIds: ['R4-M3-006'] }, async () => {
    if (probe) return probe();
    return {
      status: 'SKIP',
      evidence:
        skipReason ??
        'the builder under test does not expose an agent-teams backend (create_execution_backend / fallback_to_cli), so the fallback cannot be exercised',
    };
  });
}
