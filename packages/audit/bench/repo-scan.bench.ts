// Benchmark: the RTM repository scan (scanRepoForRequirementIds) against
// GNU grep doing the same search (`grep -rlE` with the same id pattern and
// excluded directories), both on this repository, in the same run.
// Run: nx run audit:bench (or: node --conditions=@run4/source --import tsx bench/repo-scan.bench.ts [root])
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanRepoForRequirementIds } from '../src/index.js';

const root = resolve(process.argv[2] ?? fileURLToPath(new URL('../../../', import.meta.url)));
const ROUNDS = 5;
const pattern = '\\b(SC-0[0-9]|B[123]-[0-9]{2}|X-[0-9]{2}|R4-M[0-9]-[0-9]{3})\\b';
const excludes = ['node_modules', '.git', 'dist', '.nx', 'coverage', '.run4', '.test-results', 'tmp'].map((d) => `--exclude-dir=${d}`);
const includes = ['*.ts', '*.tsx', '*.js', '*.mjs', '*.cjs', '*.json', '*.md', '*.yaml', '*.yml'].map((g) => `--include=${g}`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

let ids = 0;
let grepFiles = 0;
const ours: number[] = [];
const grep: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  ours.push(await time(async () => (ids = (await scanRepoForRequirementIds(root)).size)));
  grep.push(
    await time(() => {
      try {
        grepFiles = execFileSync('grep', ['-rlE', ...excludes, ...includes, pattern, root], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter(Boolean).length;
      } catch (error) {
        if ((error as { status?: number }).status !== 1) throw error; // 1 = no match
      }
    }),
  );
}
const a = median(ours);
const b = median(grep);
const rss = process.memoryUsage().rss / 1024 / 1024;
console.log(`repo: ${root}`);
console.log(`scanRepoForRequirementIds: median ${a.toFixed(1)} ms over ${ROUNDS} rounds, ${ids} requirement ids traced, rss ${rss.toFixed(0)} MiB`);
console.log(`grep -rlE (peer):          median ${b.toFixed(1)} ms over ${ROUNDS} rounds, ${grepFiles} files matched`);
console.log(`ratio scan / grep: ${(a / b).toFixed(2)}x`);
