import path from 'node:path';
import type { DeploymentOptions } from './types.js';

/** The run-wide deploy settings every stage of one verification shares (the run config's fields, seed 001 R4-M1-001 names). */
export interface StageSettings {
  backend: 'auto' | 'docker' | 'process';
  /** The run's compose project name; each stage's project is `<compose_project_name>-<stage>`. */
  compose_project_name: string;
  health_check_timeout_s: number;
  health_check_interval_s: number;
  required_consecutive_healthy: number;
  /** Where the stages keep their working files (`<workDir>/deploy-<stage>`). */
  workDir: string;
  /** Receives each deploy progress line, prefixed with `[<stage>]`. */
  onProgress?: (line: string) => void;
}

/** Deployment options of one stage, everything but its files and services. */
export type StageDeploymentOptions = Omit<DeploymentOptions, 'files' | 'services'> & { backend: StageSettings['backend'] };

/**
 * The deployment options of one named stage of a run (`build1`, `generated`,
 * a fix pass...): its own compose project and work dir, ephemeral host ports,
 * the run's health settings; signals are left to the caller, which tears
 * down through its own cleanup.
 *
 * @example
 * const options = stageDeploymentOptions({ backend: 'process', compose_project_name: 'run4', health_check_timeout_s: 60, health_check_interval_s: 1, required_consecutive_healthy: 2, workDir: '.run4/work' }, 'generated');
 * const deployment = await createDeployment({ ...options, files, services: ['billing-api'] });
 */
export function stageDeploymentOptions(settings: StageSettings, stage: string): StageDeploymentOptions {
  return {
    backend: settings.backend,
    projectName: `${settings.compose_project_name}-${stage}`,
    healthTimeoutMs: settings.health_check_timeout_s * 1000,
    healthIntervalMs: Math.max(250, settings.health_check_interval_s * 1000),
    requiredConsecutive: settings.required_consecutive_healthy,
    hostPorts: 'ephemeral',
    workDir: path.join(settings.workDir, `deploy-${stage}`),
    env: { ...process.env },
    handleSignals: false,
    onProgress: (line) => settings.onProgress?.(`[${stage}] ${line}`),
  };
}

/**
 * Base URL per service of a deployment report (host loopback URLs); services without a URL are left out.
 *
 * @example
 * deployedUrls(report); // { 'billing-api': 'http://127.0.0.1:41234' }
 */
export function deployedUrls(report: { services: readonly { name: string; url?: string | undefined }[] } | undefined): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const s of report?.services ?? []) if (s.url) urls[s.name] = s.url;
  return urls;
}
