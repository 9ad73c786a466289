import { z } from 'zod';
import type { FaultScheduleInput } from '../interposer/fault-schedule.js';

/** The two Build 1 servers a Build 2 is an MCP client of (seed 003 section 2). */
export const BUILD2_CLIENT_ROLES = ['contract_engine', 'codebase_intelligence'] as const;
export const Build2ClientRoleSchema = z.enum(BUILD2_CLIENT_ROLES);
export type Build2ClientRole = z.infer<typeof Build2ClientRoleSchema>;

/** Names for evidence. */
export const ROLE_TITLES: Record<Build2ClientRole, string> = { contract_engine: 'Contract Engine', codebase_intelligence: 'Codebase Intelligence' };

/** Every way Run 4 runs the stack's Build 2 against its Build 1 servers through the interposer. */
export const BUILD2_SCENARIO_NAMES = [
  'observe',
  'permanent-errors',
  'transient-errors',
  'contract-engine-unavailable',
  'codebase-intelligence-unavailable',
] as const;
export const Build2ScenarioNameSchema = z.enum(BUILD2_SCENARIO_NAMES);
export type Build2ScenarioName = z.infer<typeof Build2ScenarioNameSchema>;

/** One build of Build 2 with a fault schedule per server (none: a faithful recorder). */
export interface Build2Scenario {
  name: Build2ScenarioName;
  /** What the scenario does to the servers, for progress lines. */
  title: string;
  faults: Partial<Record<Build2ClientRole, FaultScheduleInput>>;
  /** Register the service's contracts with the Contract Engine before the build (as Build 3's contract phase does). */
  registerContracts: boolean;
}

/** Number of transient errors injected before the real answer (seed 003 section 2.1: 3 retries at 1 s, 2 s, 4 s). */
export const INJECTED_TRANSIENT_ERRORS = 3;
/** Every start of an unavailable server is refused (far more than any client retries). */
const ALWAYS = 10_000;

/**
 * The scenarios, in the order they are judged: `observe` records a plain
 * build (which tools, which arguments, were answers used, were artifacts
 * registered); `permanent-errors` answers every tool call of both servers
 * with a permanent error (the build must finish on safe defaults);
 * `transient-errors` answers the first {@link INJECTED_TRANSIENT_ERRORS}
 * Contract Engine calls with a transient error (retries about 1, 2, 4 s
 * apart); the two `*-unavailable` scenarios refuse every start of one
 * server (its fallback must carry the build).
 *
 * @example
 * BUILD2_CLIENT_SCENARIOS.map((s) => s.name); // ['observe', 'permanent-errors', ...]
 */
export const BUILD2_CLIENT_SCENARIOS: readonly Build2Scenario[] = [
  { name: 'observe', title: 'both servers recorded, no fault', faults: {}, registerContracts: true },
  {
    name: 'permanent-errors',
    title: 'every tool call of both servers answered with a permanent error',
    faults: {
      contract_engine: { rules: [{ tool: '*', fault: { kind: 'permanent-error' } }] },
      codebase_intelligence: { rules: [{ tool: '*', fault: { kind: 'permanent-error' } }] },
    },
    registerContracts: true,
  },
  {
    name: 'transient-errors',
    title: `the first ${INJECTED_TRANSIENT_ERRORS} Contract Engine tool calls answered with a transient error`,
    faults: { contract_engine: { rules: [{ tool: '*', calls: { first: INJECTED_TRANSIENT_ERRORS }, fault: { kind: 'transient-error' } }] } },
    registerContracts: true,
  },
  {
    name: 'contract-engine-unavailable',
    title: 'every start of the Contract Engine refused',
    faults: { contract_engine: { startup: { unavailable: { first: ALWAYS } } } },
    registerContracts: false,
  },
  {
    name: 'codebase-intelligence-unavailable',
    title: 'every start of Codebase Intelligence refused',
    faults: { codebase_intelligence: { startup: { unavailable: { first: ALWAYS } } } },
    registerContracts: true,
  },
];
