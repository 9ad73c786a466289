import { dirname, join, posix } from 'node:path';

const EXT = /\.(d\.ts|ts|tsx|mts|cts|js|jsx|mjs|cjs|py)$/;

/**
 * The module keys a file answers to: its path without extension, and its
 * directory for `index.*` / `__init__.py`.
 *
 * @example
 * moduleKeys('/src/db/index.ts'); // ['/src/db/index', '/src/db']
 */
export function moduleKeys(file: string): string[] {
  const base = file.replace(EXT, '');
  const keys = [base];
  if (/\/(index|__init__)$/.test(base)) keys.push(dirname(base));
  return keys;
}

/**
 * The key an import resolves to: an absolute path key for relative imports,
 * a slash-joined dotted key (matched by suffix) for absolute Python imports,
 * or null for external packages.
 *
 * @example
 * importKey('/src/a.ts', './b.js', 'typescript'); // { key: '/src/b', absolute: false }
 */
export function importKey(file: string, specifier: string, language: string): { key: string; absolute: boolean } | null {
  if (language === 'python') {
    const m = /^(\.+)(.*)$/.exec(specifier);
    if (m) {
      let base = dirname(file);
      for (let i = 1; i < m[1]!.length; i += 1) base = dirname(base);
      return { key: m[2] ? join(base, ...m[2].split('.')) : base, absolute: false };
    }
    return { key: specifier.split('.').join('/'), absolute: true };
  }
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return null;
  const resolved = specifier.startsWith('/') ? specifier : posix.normalize(join(dirname(file), specifier));
  return { key: resolved.replace(EXT, ''), absolute: false };
}
