const MANIFESTS = /(^|\/)(package\.json|pyproject\.toml|requirements\.txt|setup\.py|Dockerfile|go\.mod|pom\.xml|build\.gradle(\.kts)?)$/;

/** A service directory found among the scanned files. */
export interface ServiceDir {
  /** Directory relative to the root ('' for the root). */
  readonly dir: string;
  readonly name: string;
}

/**
 * Group repo-relative paths into services: each directory holding a package.json, pyproject.toml,
 * requirements.txt, setup.py or Dockerfile is a service; every file belongs to the deepest one above it
 * (files above every service belong to the root, named `rootName`).
 *
 * @example
 * groupByService(['a/package.json', 'a/src/x.js', 'README'], 'repo');
 * // Map { 'a' => ['a/package.json','a/src/x.js'], '' => ['README'] }
 */
export function groupByService(
  paths: readonly string[],
  rootName: string,
  readName: (dir: string) => string | undefined = () => undefined,
): Map<ServiceDir, string[]> {
  const dirs = new Set<string>();
  for (const p of paths) {
    const m = MANIFESTS.exec(p);
    if (m) dirs.add(p.slice(0, m.index));
  }
  const sorted = [...dirs].sort((a, b) => b.length - a.length);
  const byDir = new Map<string, string[]>();
  for (const p of paths) {
    const dir = sorted.find((d) => d === '' || p.startsWith(`${d}/`)) ?? '';
    const list = byDir.get(dir) ?? [];
    list.push(p);
    byDir.set(dir, list);
  }
  const out = new Map<ServiceDir, string[]>();
  for (const [dir, list] of [...byDir.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const name = readName(dir) ?? (dir === '' ? rootName : dir.slice(dir.lastIndexOf('/') + 1));
    out.set({ dir, name }, list);
  }
  return out;
}
