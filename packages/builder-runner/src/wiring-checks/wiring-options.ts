import type { BuilderDepth } from '../builder-config.js';
import type { CheckOutcome } from '@run4/checks';
import type { FixViolationInput } from '../fix-instructions.js';
import type { ServiceInput } from '../prepare-builder-dir.js';
import type { BuilderProgressEvent } from '../run-builder.js';

/** Inputs of the builder wiring checks (seed 001 R4-M3-001..006). */
export interface BuilderWiringOptions {
  /** Empty or new directory under which every builder dir is created. */
  workDir: string;
  /** Builder command template (`{dir}`, `{depth}`, `{service}`), e.g. `node apps/builder/dist/cli.js --cwd {dir} --depth {depth}`. */
  command: string | readonly string[];
  /** The services to build; the first is used for invocation and fix pass; all run in the isolation check. */
  services: ServiceInput[];
  /** Depth of the invocation and parallel builds; default `standard`. */
  depth?: BuilderDepth;
  /**
   * Template asking the builder to parse a config back (`{dir}` = the dir holding config.yaml, `{config}` = its path,
   * `{depth}`); exit 0 means accepted. Without it the
   * config check can only re-parse with this package's schema and says so (WARN).
   */
  validateConfigCommand?: string | readonly string[];
  /** Violations for the fix pass; default: the seed's three planted ones (HEALTH-001, SCHEMA-001, LOG-001). */
  fixViolations?: FixViolationInput[];
  /** Probe of the builder's agent-teams fallback (R4-M3-006); when absent the check is SKIP. */
  agentTeamsProbe?: () => Promise<CheckOutcome>;
  /** Why there is no agent-teams probe (shown in the SKIP evidence). */
  agentTeamsSkipReason?: string;
  /** Per-builder timeout; default 300 000 ms. */
  timeoutMs?: number;
  maxConcurrent?: number;
  env?: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: (event: BuilderProgressEvent) => void;
}

/** The seed's three planted violations (seed 001, HEALTH-001 / SCHEMA-001 / LOG-001), as fix instructions. */
export const DEFAULT_FIX_VIOLATIONS: FixViolationInput[] = [
  {
    code: 'HEALTH-001',
    priority: 'P0',
    severity: 'error',
    file_path: 'src/server.js',
    message: 'service exposes no GET /health route',
    remediation: 'add a GET /health route answering 200 {"status":"ok"}',
  },
  {
    code: 'SCHEMA-001',
    priority: 'P1',
    severity: 'error',
    file_path: 'src/server.js',
    message: 'a response field is missing from what the OpenAPI contract declares',
    remediation: 'return every field the contract response schema requires',
  },
  {
    code: 'LOG-001',
    priority: 'P2',
    severity: 'warning',
    file_path: 'src/server.js',
    message: 'print-style console call instead of the structured JSON logger',
    remediation: 'log through the JSON logger',
  },
];
