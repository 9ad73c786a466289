import type { CheckRecord } from '@run4/checks';

/**
 * A check of the verifier's own work (its compose file, deploy, gate), with
 * the Build 3 criteria (B3-*) taken off its requirement ids: only what was
 * observed of a Build 3 speaks for it.
 *
 * @example
 * notBuild3Evidence(check('l2.x', 'x', 'FAIL', 'extra field', ['B3-03', 'SC-04'])).requirementIds; // ['SC-04']
 */
export function notBuild3Evidence(c: CheckRecord): CheckRecord {
  return c.requirementIds.some((id) => id.startsWith('B3-')) ? { ...c, requirementIds: c.requirementIds.filter((id) => !id.startsWith('B3-')) } : c;
}
