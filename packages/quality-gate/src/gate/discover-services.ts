import { basename, join } from 'node:path';
import { walkFiles } from '../layer3/index.js';

const MANIFEST = /(^|\/)(package\.json|pyproject\.toml|requirements\.txt|setup\.py|Dockerfile|go\.mod|pom\.xml|build\.gradle(\.kts)?)$/;

/**
 * Find the service directories of a repository for Layer 4 when the caller
 * names none: every directory below the root holding a package.json,
 * pyproject.toml, requirements.txt, setup.py or Dockerfile (outermost
 * wins). With none, the root itself is the one service.
 *
 * @example
 * await discoverServices('out'); // [{ name: 'accounts-service', dir: '/abs/out/accounts-service' }, ...]
 */
export async function discoverServices(rootDir: string): Promise<Array<{ name: string; dir: string }>> {
  const { files } = await walkFiles(rootDir, { maxFiles: 50_000 });
  const dirs = new Set<string>();
  for (const f of files) {
    const m = MANIFEST.exec(f.path);
    if (m && m.index > 0) dirs.add(f.path.slice(0, m.index));
  }
  const outer = [...dirs].sort().filter((d, _i, all) => !all.some((o) => o !== d && d.startsWith(`${o}/`)));
  if (outer.length === 0) return [{ name: basename(rootDir), dir: rootDir }];
  return outer.map((d) => ({ name: basename(d), dir: join(rootDir, d) }));
}
