/**
 * One measured run in its own process (so peak RSS is per tool): prints one JSON line.
 * Usage: node --import tsx bench/run-one.ts <l3|l3-secrets|l4|l3l4|secretlint> <dir> [services-json]
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { scanLayer3 } from '../src/layer3/index.js';
import { scanLayer4 } from '../src/layer4/index.js';

const [mode, dir, servicesJson] = process.argv.slice(2);
if (!mode || !dir) {
  console.error('usage: run-one.ts <mode> <dir> [services-json]');
  process.exit(2);
}
const services = (JSON.parse(servicesJson ?? '[]') as string[]).map((name) => ({ name, dir: join(dir, name) }));
const started = performance.now();
const cpuStart = process.cpuUsage();
let findings = 0;
let files = 0;
if (mode === 'l3' || mode === 'l3l4') {
  const r = await scanLayer3(dir);
  findings += r.violations.length;
  files = r.stats.filesScanned;
}
if (mode === 'l3-secrets') {
  const r = await scanLayer3(dir, { scanners: ['secrets'] });
  findings += r.violations.length;
  files = r.stats.filesScanned;
}
if (mode === 'l4' || mode === 'l3l4') findings += (await scanLayer4(services, { rootDir: dir })).length;
if (mode === 'secretlint') {
  const { createEngine } = await import('@secretlint/node');
  const list: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else list.push(join(d, e.name));
    }
  };
  walk(dir);
  const engine = await createEngine({
    cwd: dir,
    formatter: 'json',
    color: false,
    maskSecrets: true,
    configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] },
  });
  const result = await engine.executeOnFiles({ filePathList: list });
  const parsed = JSON.parse(result.output || '[]') as { messages: unknown[] }[];
  findings = parsed.reduce((n, f) => n + f.messages.length, 0);
  files = list.length;
}
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);
console.log(JSON.stringify({ mode, ms, cpuMs: (cpu.user + cpu.system) / 1000, files, findings, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
