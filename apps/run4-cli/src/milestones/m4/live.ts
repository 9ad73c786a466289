import type { GatedPhaseOutput } from '@run4/checks';
import type { Build1Role } from '@run4/schemas';
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

/** The compose service of a Build 1 role's HTTP API, per the stack profile (undefined when the profile gives none). */
export function roleService(ctx: PhaseContext, role: Build1Role): string | undefined {
  return ctx.profile.build1.roles[role]?.http?.service;
}

/** The live base URL of a Build 1 role's HTTP API (phase 1 deployed it). */
export function roleUrl(ctx: PhaseContext, role: Build1Role): string | undefined {
  const service = roleService(ctx, role);
  return service ? ctx.live.build1?.urls[service] : undefined;
}

/** Why a role cannot be reached, for evidence: not mapped in the profile, or not deployed. */
export function roleMissing(ctx: PhaseContext, role: Build1Role, what: 'http' | 'mcp'): string {
  const binding = ctx.profile.build1.roles[role];
  if (!binding) return `the stack profile maps no server to the ${role} role (build1.roles.${role})`;
  if (what === 'http' && !binding.http) return `the stack profile gives no HTTP API for the ${role} role (build1.roles.${role}.http)`;
  if (what === 'mcp') return `no server "${binding.mcp_server}" (the ${role} role) in ${ctx.config.mcp_config_path}`;
  return `the ${role} role's service ${binding.http?.service} is not deployed (phase 1)`;
}

/** What a phase hands back: its checks, data for later phases, and why its seed gate (R4-M4-00x) failed, if it did. */
export type PhaseOutput = GatedPhaseOutput;
