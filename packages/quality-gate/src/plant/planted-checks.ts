import { check, type CheckRecord } from '@run4/checks';
import type { QualityGateReport } from '../gate/report-schema.js';
import type { PlantedItem, PlantManifest } from './manifest.js';

/** Whether the gate reported one planted violation, and where. */
export interface PlantedFinding {
  code: PlantedItem['code'];
  found: boolean;
  /** False when the gate could not have seen it (a Layer 2 plant while the planted service did not answer): its absence proves nothing. */
  observable: boolean;
  evidence: string;
}

export interface FindPlantedOptions {
  /** Whether the planted service answered HTTP during the gate (default true); Layer 2 plants are not observable otherwise. */
  live?: boolean;
}

const inService = (service: string, v: { service?: string | undefined; file_path: string }) => v.service === service || v.file_path.replace(/\\/g, '/').startsWith(`${service}/`);

/**
 * Look up each planted violation of `manifest` in a gate report:
 * HEALTH-001 reported for the service, LOG-001 at the planted file and
 * line, SCHEMA-001 a contract violation of the service naming the planted
 * field (not observable when the service did not answer: `options.live`).
 * Items that were not planted are left out.
 *
 * @example
 * findPlanted(manifest, report); // [{ code: 'HEALTH-001', found: true, evidence: 'billing-api/src/server.js:24 ...' }, ...]
 */
export function findPlanted(manifest: PlantManifest, report: QualityGateReport, options: FindPlantedOptions = {}): PlantedFinding[] {
  const live = options.live ?? true;
  const layers = Object.values(report.layers);
  const scan = layers.flatMap((l) => l.violations);
  const contract = layers.flatMap((l) => l.contract_violations);
  return manifest.items
    .filter((item) => item.planted)
    .map((item) => {
      if (item.code === 'SCHEMA-001') {
        const hits = contract.filter((v) => v.code === 'SCHEMA-001' && v.service === manifest.service && !!item.field && v.message.includes(item.field));
        if (hits.length === 0 && !live) return { code: item.code, found: false, observable: false, evidence: `${manifest.service} did not answer HTTP: Layer 2 could not look for the field ${item.field}` };
        return { code: item.code, found: hits.length > 0, observable: true, evidence: hits.length ? `${hits[0]!.endpoint}: ${hits[0]!.message}${hits.length > 1 ? ` (+${hits.length - 1} more)` : ''}` : `no SCHEMA-001 of ${manifest.service} names the field ${item.field}` };
      }
      const hits = scan.filter((v) => v.code === item.code && inService(manifest.service, v) && (item.code === 'HEALTH-001' || (v.file_path.replace(/\\/g, '/').endsWith(item.file) && v.line === item.line)));
      const where = item.code === 'HEALTH-001' ? `for ${manifest.service}` : `at ${item.file}:${item.line}`;
      return { code: item.code, found: hits.length > 0, observable: true, evidence: hits.length ? `${hits[0]!.file_path}:${hits[0]!.line} ${hits[0]!.message}` : `no ${item.code} ${where}` };
    });
}

function requirementsOf(item: PlantedItem): string[] {
  return ['SC-05', 'R4-M4-008', 'B2-04', ...(item.layer === 'layer3' ? ['X-10'] : [])];
}

function dataOf(manifest: PlantManifest, item: PlantedItem, extra: Record<string, unknown>): Record<string, unknown> {
  return { planted_by_run4: true, service: manifest.service, code: item.code, layer: item.layer, planted: item.planted, file: item.file, line: item.line, detail: item.detail, ...(item.field ? { field: item.field } : {}), ...extra };
}

/**
 * One check per planted kind (SC-05, R4-M4-008, B2-04; X-10 for the Layer 3
 * codes): PASS when the gate reported it, FAIL when it missed it, SKIP when
 * it could not be planted (the manifest says why; a SKIP verifies nothing).
 * Each carries `data.planted_by_run4` so an audit can list them apart.
 *
 * @example
 * plantedDetectionChecks(manifest, report).map((c) => `${c.id} ${c.status}`);
 * // ['planted.health-001.detected PASS', 'planted.schema-001.detected PASS', 'planted.log-001.detected FAIL']
 */
export function plantedDetectionChecks(manifest: PlantManifest, report: QualityGateReport, options: FindPlantedOptions = {}): CheckRecord[] {
  const found = new Map(findPlanted(manifest, report, options).map((f) => [f.code, f]));
  return manifest.items.map((item) => {
    const f = found.get(item.code);
    const id = `planted.${item.code.toLowerCase()}.detected`;
    const name = `the gate reports the ${item.code} Run 4 planted in a copy of ${manifest.service}`;
    if (!item.planted || !f) return check(id, name, 'SKIP', `not planted: ${item.detail}`, requirementsOf(item), 0, dataOf(manifest, item, { found: null }));
    return check(id, name, f.found ? 'PASS' : 'FAIL', `${f.found ? 'found' : 'MISSED'}: planted ${item.detail}; the gate ${f.found ? `reported ${f.evidence}` : `gave ${f.evidence}`}`, requirementsOf(item), 0, dataOf(manifest, item, { found: f.found, evidence: f.evidence }));
  });
}

/**
 * One check per planted kind after the fix loop ran on the planted copy
 * (R4-M5-003): PASS when the gate found it before and the re-scan after
 * the last pass (`after`, null when no pass ran) no longer does; FAIL when
 * it is still there, could not be observed (the service did not answer) or
 * no pass ran; SKIP when it was never planted or never
 * found (nothing a fix could be judged on).
 *
 * @example
 * plantedFixChecks(manifest, findPlanted(manifest, before), findPlanted(manifest, after), 1);
 */
export function plantedFixChecks(manifest: PlantManifest, before: readonly PlantedFinding[], after: readonly PlantedFinding[] | null, passes: number): CheckRecord[] {
  return manifest.items.map((item) => {
    const id = `planted.${item.code.toLowerCase()}.fixed`;
    const name = `the fix loop removed the ${item.code} Run 4 planted in a copy of ${manifest.service}`;
    const was = before.find((f) => f.code === item.code);
    if (!item.planted || !was?.found) return check(id, name, 'SKIP', item.planted ? `the gate never found it (${was?.evidence ?? 'not looked up'}): no fix to verify` : `not planted: ${item.detail}`, ['R4-M5-003'], 0, dataOf(manifest, item, { fixed: null }));
    if (!after) return check(id, name, 'FAIL', `no fix pass ran on the planted copy (${passes} pass(es))`, ['R4-M5-003'], 0, dataOf(manifest, item, { fixed: false }));
    const now = after.find((f) => f.code === item.code);
    if (now && !now.observable) return check(id, name, 'FAIL', `not verified after pass ${passes}: ${now.evidence}`, ['R4-M5-003'], 0, dataOf(manifest, item, { fixed: false, pass: passes }));
    const fixed = !now?.found;
    return check(id, name, fixed ? 'PASS' : 'FAIL', fixed ? `absent from the re-scan after pass ${passes} (before: ${was.evidence})` : `still reported after pass ${passes}: ${now?.evidence ?? ''}`, ['R4-M5-003'], 0, dataOf(manifest, item, { fixed, pass: passes }));
  });
}
