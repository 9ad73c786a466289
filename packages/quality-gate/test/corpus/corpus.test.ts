import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runQualityGate } from '../../src/gate/index.js';
import { renderMarkdown } from '../../src/reports/index.js';
import { scanLayer3 } from '../../src/layer3/index.js';
import { scanLayer4 } from '../../src/layer4/index.js';
import { FAMILIES, byFamily, corpusProjects, familyOf, mergeTallies, rates, renderTable, scoreProject, type ProjectScore } from './score.js';

const ROOT = dirname(fileURLToPath(import.meta.url));
const BAR = 0.9;
const LABEL_FILES = ['labels.yaml'];

async function gate(dir: string) {
  const report = await gateReport(dir);
  return [...report.layers.layer3_system.violations, ...report.layers.layer4_adversarial.violations];
}

function gateReport(dir: string) {
  return runQualityGate({
    rootDir: dir,
    layers: [3, 4],
    gating: 'all_layers',
    config: { layer4_enabled: true, continue_after_blocking: true },
    scanners: {
      layer3: (root, options) => scanLayer3(root, { ...options, exclude: LABEL_FILES }),
      layer4: (services, options) => scanLayer4(services, { ...options, exclude: LABEL_FILES }),
    },
  });
}

describe('labelled corpus', () => {
  const projects = corpusProjects(ROOT);

  it('has projects whose labels point at real lines', () => {
    expect(projects.length).toBeGreaterThanOrEqual(3);
    for (const p of projects) {
      for (const label of [...p.labels.findings, ...p.labels.decoys]) {
        const path = join(p.dir, label.file);
        const where = `${p.name}/${label.file} (${label.code})`;
        expect(existsSync(path), `${where} exists (a file, or a service directory)`).toBe(true);
        if (!label.at) continue;
        const lines = readFileSync(path, 'utf8').split('\n');
        const [first, last] = label.lines ?? [label.line ?? 0, label.line ?? 0];
        expect(lines.slice(first - 1, last).some((l) => l.includes(label.at ?? '')), `${where}: line ${first}-${last} contains "${label.at}"`).toBe(true);
      }
    }
  });

  it('every family reaches 90% precision and 90% recall', async () => {
    const scores: ProjectScore[] = [];
    const details: string[] = [];
    for (const p of projects) {
      const score = scoreProject(p.labels, await gate(p.dir));
      scores.push(score);
      for (const m of score.missed) details.push(`  missed  ${p.name}: ${m.code} ${m.file}:${m.lines ? m.lines.join('-') : m.line}`);
      for (const f of score.falsePositives) details.push(`  false   ${p.name}: ${f.code} ${f.file_path}:${f.line}${f.decoy ? ' (decoy)' : ''}`);
    }
    const perCode = mergeTallies(scores);
    const families = byFamily(perCode);
    const codes = [...perCode.entries()].sort(([a], [b]) => (familyOf(a) === familyOf(b) ? (a < b ? -1 : 1) : FAMILIES.indexOf(familyOf(a)) - FAMILIES.indexOf(familyOf(b))));
    process.stdout.write(`\n${renderTable('Per code', codes)}\n\n${renderTable('Per family', families)}\n${details.length ? `\n${details.join('\n')}\n` : ''}\n`);
    for (const family of FAMILIES) {
      const t = families.get(family);
      expect(t?.labels, `${family} has labelled findings`).toBeGreaterThan(0);
      const r = rates(t!);
      expect(r.recall, `${family} recall`).toBeGreaterThanOrEqual(BAR);
      expect(r.precision, `${family} precision`).toBeGreaterThanOrEqual(BAR);
    }
  }, 180_000);

  it('lists the files the gate could not analyse, and why: the Kotlin class of the fleet project, still secret-scanned', async () => {
    const report = await gateReport(join(ROOT, 'fleet'));
    const kotlin = 'drivers/src/main/kotlin/com/fleetops/drivers/ShiftAlerts.kt';
    const layer3 = report.layers.layer3_system;
    expect(layer3.files_not_analysed).toEqual([expect.objectContaining({ file_path: kotlin, coverage: 'text_only' })]);
    expect(layer3.files_not_analysed?.[0]?.reason).toMatch(/no Kotlin grammar: secrets and text rules ran, code rules \(SEC, CORS, LOG, TRACE, HEALTH\) did not run/);
    expect(layer3.violations.filter((v) => v.file_path === kotlin).map((v) => v.code)).toEqual(['SEC-SECRET-011']);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('## Files not fully analysed');
    expect(markdown).toMatch(new RegExp(`\\| \`${kotlin}\` \\| L3 \\| [^|]+ \\| no Kotlin grammar`));
  }, 60_000);
});
