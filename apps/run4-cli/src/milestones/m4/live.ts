import type { Deployment, DeploymentReport } from '@run4/compose-kit';
import type { MilestoneContext } from '../types.js';

/** Handles on what M4 started; they live only in this process and are torn down by the cleanup registry. */
export interface LiveStack {
  build1?: { deployment: Deployment; report?: DeploymentReport; urls: Record<string, string> };
  generated?: { deployment: Deployment; report?: DeploymentReport; urls: Record<string, string> };
}

/** Base URL per service from a deployment report (host loopback URLs). */
export function serviceUrls(report: DeploymentReport | undefined): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const s of report?.services ?? []) if (s.url) urls[s.name] = s.url;
  return urls;
}

/** The M4 phase context: the milestone context plus live handles and the run id. */
export interface PhaseContext extends MilestoneContext {
  live: LiveStack;
  runId: string;
  /** Data recorded by earlier phases (this run or a resumed one). */
  data: Record<string, Record<string, unknown>>;
  /** Where M4 keeps its working files (`.run4/m4`). */
  workDir: string;
}
