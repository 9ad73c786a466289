import type { ScanCategory, SeedSeverity } from './scan-violation.js';
import { toScanSeverity, type ScanSeverity } from './scan-violation.js';

/** Catalog entry for one scan code of seed 004 sections 6.4 and 6.5. */
export interface ScanCodeInfo {
  readonly code: string;
  readonly name: string;
  readonly category: ScanCategory;
  readonly layer: 3 | 4;
  /** Severity as written in the seed's table. */
  readonly seedSeverity: SeedSeverity;
  /** Severity the gate reports (critical/high → error). */
  readonly severity: ScanSeverity;
}

type Row = readonly [code: string, name: string, category: ScanCategory, seed: SeedSeverity];

const L3_ROWS: readonly Row[] = [
  ['SEC-001', 'Unauthenticated endpoint', 'security', 'error'],
  ['SEC-002', "Algorithm 'none'", 'security', 'critical'],
  ['SEC-003', 'Signature verification disabled', 'security', 'critical'],
  ['SEC-004', 'Expiration check disabled', 'security', 'high'],
  ['SEC-005', 'Hardcoded JWT secret', 'security', 'critical'],
  ['SEC-006', 'HS256 with public key', 'security', 'high'],
  ['CORS-001', 'Wildcard origin', 'cors', 'error'],
  ['CORS-002', 'Credentials + wildcard', 'cors', 'critical'],
  ['CORS-003', 'Origin reflection', 'cors', 'high'],
  ['LOG-001', 'print() instead of logger', 'logging', 'warning'],
  ['LOG-004', 'console.log in production', 'logging', 'warning'],
  ['LOG-005', 'Sensitive data in logs', 'logging', 'error'],
  ['TRACE-001', 'Missing trace propagation', 'trace', 'warning'],
  ['SEC-SECRET-001', 'AWS Access Key', 'secrets', 'critical'],
  ['SEC-SECRET-002', 'AWS Secret Key', 'secrets', 'critical'],
  ['SEC-SECRET-003', 'Private Key', 'secrets', 'critical'],
  ['SEC-SECRET-004', 'Generic API Key', 'secrets', 'high'],
  ['SEC-SECRET-005', 'DB Connection String', 'secrets', 'critical'],
  ['SEC-SECRET-006', 'Bearer Token', 'secrets', 'high'],
  ['SEC-SECRET-007', 'Hardcoded Password', 'secrets', 'high'],
  ['SEC-SECRET-008', 'GitHub/GitLab Token', 'secrets', 'critical'],
  ['SEC-SECRET-009', 'Stripe Keys', 'secrets', 'critical'],
  ['SEC-SECRET-010', 'Hardcoded JWT', 'secrets', 'high'],
  ['SEC-SECRET-011', 'Slack Token', 'secrets', 'high'],
  ['SEC-SECRET-012', 'SendGrid Key', 'secrets', 'critical'],
  ['DOCKER-001', 'Runs as root', 'docker', 'error'],
  ['DOCKER-002', 'Secrets in ENV', 'docker', 'critical'],
  ['DOCKER-003', 'Unpinned tag', 'docker', 'warning'],
  ['DOCKER-004', 'Broad COPY', 'docker', 'warning'],
  ['DOCKER-005', 'No HEALTHCHECK', 'docker', 'warning'],
  ['DOCKER-006', 'Privileged mode', 'docker', 'critical'],
  ['DOCKER-007', 'Host network', 'docker', 'warning'],
  ['DOCKER-008', 'Dangerous caps', 'docker', 'high'],
  ['HEALTH-001', 'Missing health endpoint', 'health', 'warning'],
];

const L4_ROWS: readonly Row[] = [
  ['ADV-001', 'Dead events', 'adversarial', 'warning'],
  ['ADV-002', 'Dead contracts', 'adversarial', 'warning'],
  ['ADV-003', 'Orphan services', 'adversarial', 'warning'],
  ['ADV-004', 'Naming inconsistency', 'adversarial', 'info'],
  ['ADV-005', 'Missing error handling', 'adversarial', 'warning'],
  ['ADV-006', 'Race conditions', 'adversarial', 'warning'],
];

function toInfo(layer: 3 | 4) {
  return ([code, name, category, seedSeverity]: Row): ScanCodeInfo => ({
    code,
    name,
    category,
    layer,
    seedSeverity,
    severity: toScanSeverity(seedSeverity),
  });
}

/** The 34 Layer 3 codes of seed 004 section 6.4, in the seed's order. */
export const LAYER3_SCAN_CODES: readonly ScanCodeInfo[] = L3_ROWS.map(toInfo(3));
/** The six Layer 4 codes ADV-001..006 of seed 004 section 6.5. */
export const LAYER4_SCAN_CODES: readonly ScanCodeInfo[] = L4_ROWS.map(toInfo(4));
/** Every Layer 3 and Layer 4 code. */
export const ALL_SCAN_CODES: readonly ScanCodeInfo[] = [...LAYER3_SCAN_CODES, ...LAYER4_SCAN_CODES];

const BY_CODE = new Map(ALL_SCAN_CODES.map((info) => [info.code, info]));

/**
 * Look up a Layer 3/4 scan code.
 *
 * @example
 * getScanCode('DOCKER-001')?.seedSeverity; // 'error'
 */
export function getScanCode(code: string): ScanCodeInfo | undefined {
  return BY_CODE.get(code);
}

/**
 * Layer 3 scanner groups, the names accepted by the seed's `layer3_scanners` selection.
 * Each maps to the codes it produces.
 */
export const LAYER3_SCANNERS = {
  security: LAYER3_SCAN_CODES.filter((c) => c.category === 'security').map((c) => c.code),
  cors: LAYER3_SCAN_CODES.filter((c) => c.category === 'cors').map((c) => c.code),
  logging: LAYER3_SCAN_CODES.filter((c) => c.category === 'logging').map((c) => c.code),
  trace: LAYER3_SCAN_CODES.filter((c) => c.category === 'trace').map((c) => c.code),
  secrets: LAYER3_SCAN_CODES.filter((c) => c.category === 'secrets').map((c) => c.code),
  docker: LAYER3_SCAN_CODES.filter((c) => c.category === 'docker').map((c) => c.code),
  health: LAYER3_SCAN_CODES.filter((c) => c.category === 'health').map((c) => c.code),
} as const satisfies Record<string, readonly string[]>;
export type Layer3ScannerName = keyof typeof LAYER3_SCANNERS;
