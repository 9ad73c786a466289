import { Run4Error } from '@run4/checks';

/** One problem found in a compose file: where (file + JSON path) and why. */
export interface ComposeIssue {
  /** The compose file the problem is in (or `<merged>` for cross-file checks). */
  file: string;
  /** JSON-pointer-like path inside the file, e.g. `/services/api/networks/0`. */
  path: string;
  /** What is wrong and what to do. */
  reason: string;
  /** Which check found it. */
  kind: 'schema' | 'yaml' | 'dangling-depends-on' | 'dangling-network' | 'dangling-volume' | 'port-clash' | 'missing-file';
}

/**
 * A compose file (or the merged model) broke the compose-spec schema or a
 * semantic rule. Exit code 2: the input is bad.
 */
export class ComposeValidationError extends Run4Error {
  readonly issues: ComposeIssue[];
  constructor(issues: ComposeIssue[]) {
    const lines = issues.map((i) => `  ${i.file} ${i.path || '/'}: ${i.reason}`);
    super(
      `compose validation failed (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}\nFix the listed keys and run again.`,
      { code: 'COMPOSE_INVALID', exitCode: 2 },
    );
    this.issues = issues;
  }
}

/** No container engine answers, or no compose command exists. */
export class EngineUnavailableError extends Run4Error {
  constructor(detail: string) {
    super(
      `no usable Docker engine: ${detail}\nStart one (tools/docker-engine.sh, tools/compose-v2.sh) or use the process backend.`,
      { code: 'ENGINE_UNAVAILABLE', exitCode: 1 },
    );
  }
}

/** A deployment failed: which service, which backend, its last log lines. */
export class DeployError extends Run4Error {
  readonly backend: string;
  readonly services: string[];
  readonly logs: Record<string, string>;
  constructor(message: string, opts: { backend: string; services: string[]; logs?: Record<string, string>; cause?: unknown }) {
    const logs = opts.logs ?? {};
    const logText = Object.entries(logs)
      .map(([svc, text]) => `--- last log lines of ${svc} ---\n${text.trimEnd() || '(no output)'}`)
      .join('\n');
    super(`[${opts.backend}] ${message}${logText ? `\n${logText}` : ''}`, { code: 'DEPLOY_FAILED', exitCode: 1, cause: opts.cause });
    this.backend = opts.backend;
    this.services = opts.services;
    this.logs = logs;
  }
}
