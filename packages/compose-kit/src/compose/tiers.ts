import { existsSync } from 'node:fs';
import path from 'node:path';

/** The compose tiers of seed 001 §8.2, in the merge order of §8.7 (test last). */
export const COMPOSE_TIERS = ['infra', 'build1', 'generated', 'traefik', 'run4', 'test'] as const;
export type ComposeTier = (typeof COMPOSE_TIERS)[number];

/** The file name of a tier: `docker-compose.<tier>.yml`. */
export function tierFileName(tier: ComposeTier): string {
  return `docker-compose.${tier}.yml`;
}

/** Options of {@link tierFiles}. */
export interface TierFileOptions {
  /** Directory of the static tiers named `docker-compose.<tier>.yml` (used for tiers `files` does not name). */
  dockerDir?: string;
  /** The file of each static tier, as a stack profile names them (absolute or relative to the cwd). */
  files?: Partial<Record<ComposeTier, string>>;
  /** Path of docker-compose.generated.yml (default: in dockerDir). */
  generatedFile?: string;
  /** Which tiers, in any order; the result is always in merge order (default: all but test). */
  tiers?: ComposeTier[];
}

/**
 * The compose files of the chosen tiers in the seed's merge order
 * (infra → build1 → generated → traefik → run4 → test). With `files`, a tier
 * the stack does not name is left out; with `dockerDir`, missing files are
 * returned too: loading them reports a clear "file not found".
 *
 * @example
 * tierFiles({ dockerDir: 'docker', generatedFile: '.run4/docker-compose.generated.yml', tiers: ['build1', 'generated'] });
 * tierFiles({ files: { build1: '/stack/compose.b1.yml' }, tiers: ['infra', 'build1'] }); // ['/stack/compose.b1.yml']
 */
export function tierFiles(options: TierFileOptions): string[] {
  const wanted = new Set(options.tiers ?? COMPOSE_TIERS.filter((t) => t !== 'test'));
  return COMPOSE_TIERS.filter((t) => wanted.has(t)).flatMap((t) => {
    if (t === 'generated' && options.generatedFile) return [path.resolve(options.generatedFile)];
    const named = options.files?.[t];
    if (named) return [path.resolve(named)];
    // A stack that names its tiers and leaves one out has no such tier.
    if (options.files || !options.dockerDir) return [];
    return [path.resolve(options.dockerDir, tierFileName(t))];
  });
}

/**
 * Locate the repo's docker/ directory from a start directory (walks up).
 *
 * @example
 * const dockerDir = findDockerDir(process.cwd());
 */
export function findDockerDir(start: string): string | undefined {
  let dir = path.resolve(start);
  for (let i = 0; i < 20; i++) {
    if (existsSync(path.join(dir, 'docker', tierFileName('build1')))) return path.join(dir, 'docker');
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}
