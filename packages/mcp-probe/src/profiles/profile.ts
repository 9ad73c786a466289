import type { z } from 'zod';

/** Values shared between calls of one probe run (ids created by earlier calls, a scratch dir). */
export interface ProfileContext {
  /** A scratch directory the probe created for this run (removed afterwards). */
  workDir: string;
  /** Values captured from earlier responses, e.g. `contractId`. */
  values: Record<string, unknown>;
}

/** How the probe exercises one tool. */
export interface ToolSpec {
  /** Arguments that must succeed (non-error result). */
  valid: (ctx: ProfileContext) => Record<string, unknown>;
  /** Only the required arguments (defaults apply); omitted = derived from the inputSchema. */
  onlyRequired?: (ctx: ProfileContext) => Record<string, unknown>;
  /** Arguments of the wrong types that must come back `isError`; `null` = the tool takes none. */
  invalid?: Record<string, unknown> | null;
  /** Shape of the JSON the tool answers with (parsed from its text content). */
  shape?: z.ZodType;
  /** Keep values from the valid response for later calls. */
  capture?: (parsed: unknown, ctx: ProfileContext) => void;
  /** false = calling it again with the same input is not meant to succeed (no latency repeats). */
  repeatable?: boolean;
  /** Seed requirement ids this tool's round trips give evidence for. */
  requirementIds?: string[];
  /**
   * Calls whose answers must show the tool does its job on data the probe
   * planted (a schema mismatch detected, a dead function found), not merely
   * that it answers: recorded as `mcp.<server>.<tool>.detects`, FAIL when a
   * step's answer is an error or its `verify` returns a reason.
   */
  detects?: DetectionSpec;
}

/** What {@link ToolSpec.detects} checks: steps run in order, the first failing one decides. */
export interface DetectionSpec {
  /** What the tool must detect, for the check name, e.g. `detects a response body that violates the contract`. */
  what: string;
  requirementIds: string[];
  steps: {
    /** The arguments of this call (from the profile or values captured earlier). */
    args: (ctx: ProfileContext) => Record<string, unknown>;
    /** Return null when the answer shows the expected verdict, else why not. */
    verify: (parsed: unknown, ctx: ProfileContext) => string | null;
  }[];
}

/** After close + reopen, this call must still see data written in the first session. */
export interface PersistenceSpec {
  tool: string;
  args: (ctx: ProfileContext) => Record<string, unknown>;
  /** Return null when the response proves the data survived, else why not. */
  verify: (parsed: unknown, ctx: ProfileContext) => string | null;
}

/** What a profile expects of one server. */
export interface ServerProfile {
  /** Exact tool list, in the order the round trips run (earlier calls create data for later ones). */
  tools: string[];
  specs: Record<string, ToolSpec>;
  /** Requirement ids of this server's handshake / inventory checks. */
  handshakeRequirementIds: string[];
  inventoryRequirementIds: string[];
  /** The cross-build id (X-01..X-03) the server's round trips count for. */
  wiringRequirementIds: string[];
  persistence?: PersistenceSpec;
  /** A cheap, read-only call for the lifecycle checks (10 sequential calls, kill, timeout). */
  lifecycleCall?: { tool: string; args: (ctx: ProfileContext) => Record<string, unknown> };
  /** Prepare the scratch dir before the round trips (e.g. write a source file to index). */
  setup?: (ctx: ProfileContext) => Promise<void> | void;
}

/** A named set of expectations, keyed by server name. */
export interface ProbeProfile {
  name: string;
  servers: Record<string, ServerProfile>;
}
