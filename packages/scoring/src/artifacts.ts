import { access } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Which of `required` (paths relative to `root`) exist, for the
 * Documentation category: `{ required, present }`.
 *
 * @example
 * await artifactPresence('.run4/m4_builder_outputs/payments-api', ['package.json', 'Dockerfile', '.agent-team/STATE.json']);
 */
export async function artifactPresence(root: string, required: readonly string[]): Promise<{ required: string[]; present: string[] }> {
  const present: string[] = [];
  for (const rel of required) {
    try {
      await access(join(root, rel));
      present.push(rel);
    } catch {
      // missing: not present
    }
  }
  return { required: [...required], present };
}
