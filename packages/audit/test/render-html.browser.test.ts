/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// SUPER_TEAM_AUDIT_REPORT.html in headless Chromium (Debian's `chromium`,
// installed by tools/chromium.sh): no console error, nothing fetched, the
// charts drawn, every number equal to audit_report.json, the check filters
// working, and the planted hostile evidence shown as text, never run.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditReportSchema, checkFacets, writeAuditReport, type AuditReport } from '../src/index.js';
import { launchChromium } from './chromium.js';
import { HOSTILE, hostileInputs } from './fixtures.js';

let dir = '';
let close: (() => Promise<void>) | undefined;
let page: Page;
let report: AuditReport;
const consoleErrors: string[] = [];
const requests: string[] = [];
let pageUrl = '';
/** Why the page could not be opened (e.g. no Chromium): every test fails with it rather than being skipped. */
let setupError: unknown;

beforeAll(async () => {
  try {
    await openReport();
  } catch (error) {
    setupError = error;
  }
}, 180_000);

async function openReport(): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'audit-html-'));
  const written = await writeAuditReport(dir, hostileInputs());
  report = AuditReportSchema.parse(JSON.parse(await readFile(written.jsonPath, 'utf8')));
  pageUrl = pathToFileURL(written.htmlPath).href;
  const browser = await launchChromium();
  close = browser.close;
  page = await browser.context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pageUrl, { waitUntil: 'load' });
  await page.waitForSelector('#checks-table tbody tr');
}

function ready(): void {
  if (setupError) throw setupError;
}

afterAll(async () => {
  await close?.();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The value at a dotted path of audit_report.json (`scores.systems.build1.categories.0.points`). */
function at(path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k]), report);
}

describe('SUPER_TEAM_AUDIT_REPORT.html in headless Chromium', { timeout: 120_000 }, () => {
  it('loads with no console error and fetches nothing but itself', () => {
    ready();
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pageUrl]);
  });

  it('shows the planted hostile evidence as text and runs none of it', async () => {
    ready();
    const probe = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      injected: document.getElementById('injected') !== null,
      imgs: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      evidence: [...document.querySelectorAll('#checks-table td.evidence')].map((td) => td.textContent ?? ''),
      title: document.title,
    }));
    expect(probe).toMatchObject({ pwned: null, injected: false, imgs: 0, scripts: 1 });
    expect(probe.evidence).toContain(HOSTILE.join('\n'));
    expect(probe.title).toBe(`SUPER_TEAM_AUDIT_REPORT — run-1 ${HOSTILE[0]}`);
    await page.locator('#interface-grid tbody tr').first().hover();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null)).toBeNull();
  });

  it('draws the charts: every SVG present with a non-zero size, bars and the convergence line', async () => {
    ready();
    const svgs = await page.evaluate(() =>
      [...document.querySelectorAll('svg.chart, svg.light')].map((s) => {
        const box = s.getBoundingClientRect();
        return { cls: s.getAttribute('class'), w: box.width, h: box.height };
      }),
    );
    expect(svgs.filter((s) => s.cls === 'chart score-bars')).toHaveLength(4);
    expect(svgs.filter((s) => s.cls === 'chart convergence')).toHaveLength(1);
    expect(svgs.filter((s) => s.cls === 'light')).toHaveLength(5);
    for (const s of svgs) expect(s.w * s.h, `${s.cls} is ${s.w}x${s.h}`).toBeGreaterThan(0);
    const drawn = await page.evaluate(() => ({
      bars: [...document.querySelectorAll('svg.score-bars rect.bar-fill')].map((r) => r.getBoundingClientRect().width),
      line: document.querySelector('svg.convergence polyline')?.getAttribute('points')?.trim().split(/\s+/).length ?? 0,
      lineBox: document.querySelector('svg.convergence polyline')?.getBoundingClientRect().width ?? 0,
    }));
    const scored = [...Object.values(report.scores.systems), report.scores.integration]
      .flatMap((s) => [s.score, ...s.categories.map((c) => (c.status === 'UNTESTED' ? null : c.points))])
      .filter((x) => x !== null && x > 0);
    expect(drawn.bars).toHaveLength(scored.length);
    expect(drawn.bars.every((w) => w > 0)).toBe(true);
    expect(drawn.line).toBe(report.fix_passes.length + 1);
    expect(drawn.lineBox).toBeGreaterThan(0);
  });

  it('shows every number as audit_report.json has it', async () => {
    ready();
    const fields = await page.evaluate(() =>
      [...document.querySelectorAll('[data-field]')].map((e) => ({ field: e.getAttribute('data-field') as string, format: e.getAttribute('data-format') as string, text: (e.textContent ?? '').trim() })),
    );
    const mismatches: string[] = [];
    for (const { field, format, text } of fields) {
      const value = at(field);
      const fail = (why: string) => mismatches.push(`${field} (${format}) shows "${text}" but the JSON has ${JSON.stringify(value)}: ${why}`);
      if (format === 'null') {
        if (value !== null || text !== 'UNTESTED') fail('expected null shown as UNTESTED');
      } else if (format === 'text') {
        if (text !== value) fail('text differs');
      } else if (typeof value !== 'number') {
        fail('not a number in the JSON');
      } else if (format === 'pct') {
        if (!text.endsWith('%') || Math.abs(Number(text.slice(0, -1)) - value * 100) > 0.05 + 1e-9) fail('percentage differs');
      } else {
        const digits = format === 'int' ? 0 : Number(format.replace('num', ''));
        if (!/^-?\d+(\.\d+)?$/.test(text) || Math.abs(Number(text) - value) > 0.5 * 10 ** -digits + 1e-9) fail(`differs beyond ${digits} decimals`);
      }
    }
    expect(mismatches).toEqual([]);
    const shown = new Set(fields.map((f) => f.field));
    for (const key of [
      'verdict',
      'scores.aggregate.score',
      'scores.systems.build1.score',
      'scores.integration.score',
      'scores.testPassRate',
      'checks.total',
      'checks.warned',
      'rtm_summary.warn',
      'interface_coverage.validCoverage',
      'interface_coverage.rows.0.latencyMs.p95',
      'fix_passes.1.convergence',
      'cost.totalCost',
      'check_records.length',
    ]) {
      expect(shown.has(key), key).toBe(true);
    }
    expect(fields.length).toBeGreaterThan(80);
  });

  it('filters the checks by status, milestone, system and text', async () => {
    ready();
    const visible = () => page.evaluate(() => [...document.querySelectorAll('#checks-table tbody tr')].filter((r) => !(r as HTMLElement).hidden).length);
    const shownCount = () => page.locator('#checks-shown').textContent();
    const all = report.check_records;
    expect(await visible()).toBe(all.length);

    for (const s of ['PASS', 'WARN', 'SKIP']) await page.uncheck(`#check-filters input[value=${s}]`);
    expect(await visible()).toBe(all.filter((c) => c.status === 'FAIL').length);
    expect(await shownCount()).toBe(String(all.filter((c) => c.status === 'FAIL').length));
    for (const s of ['PASS', 'WARN', 'SKIP']) await page.check(`#check-filters input[value=${s}]`);

    await page.selectOption('#check-filters select[name=milestone]', 'M4');
    expect(await visible()).toBe(all.filter((c) => checkFacets(c).milestone === 'M4').length);
    expect(await visible()).toBe(7);
    await page.selectOption('#check-filters select[name=milestone]', '');

    await page.selectOption('#check-filters select[name=system]', 'Build 2');
    expect(await visible()).toBe(all.filter((c) => checkFacets(c).systems.includes('Build 2')).length);
    expect(await visible()).toBe(2);
    await page.selectOption('#check-filters select[name=system]', '');

    await page.fill('#check-filters input[name=text]', 'NO CONTAINER dns');
    expect(await visible()).toBe(1);
    await page.fill('#check-filters input[name=text]', 'no check has this text');
    expect(await visible()).toBe(0);
    expect(await shownCount()).toBe('0');
    await page.fill('#check-filters input[name=text]', '');
    expect(await visible()).toBe(all.length);
    expect(consoleErrors).toEqual([]);
  });
});
