import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildAuditReport, escapeHtml, html, renderAuditHtml } from '../src/index.js';
import { HOSTILE, hostileInputs, sampleInputs } from './fixtures.js';

describe('escapeHtml / html', () => {
  it('escapes every interpolation unless it is markup built by html', () => {
    expect(escapeHtml(`<a href="x" title='y'>&\``)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;');
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"x"'}">${inner}${['<', '>']}${null}${undefined}${false}${0}</p>`.value).toBe('<p title="&quot;x&quot;"><b>&lt;i&gt;</b>&lt;&gt;0</p>');
  });
});

describe('renderAuditHtml', () => {
  it('escapes every string from the systems under test: no planted markup survives', async () => {
    const page = renderAuditHtml(await buildAuditReport(hostileInputs()));
    for (const planted of HOSTILE) expect(page).toContain(escapeHtml(planted));
    expect(page).not.toContain('<script>window.__pwned');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<svg onload');
    expect(page).not.toContain('<h1 id="injected">');
    // planted handlers only ever appear as escaped text, never inside a tag
    expect(page).not.toMatch(/<[a-z][^\s>]*(?:\s+[^\s=>]+(?:="[^"]*")?)*\s+on[a-z]+=/i);
    // exactly the page's own script and style elements
    expect(page.match(/<script\b/g)).toHaveLength(1);
    expect(page.match(/<style\b/g)).toHaveLength(1);
  });

  it('is self-contained: a CSP allowing only its own style and script by hash, nothing fetched', async () => {
    const page = renderAuditHtml(await buildAuditReport(sampleInputs()));
    const csp = (/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1] ?? '').replaceAll('&#39;', "'");
    expect(csp).toMatch(/^default-src 'none'; /);
    const hash = (tag: string) => `'sha256-${createHash('sha256').update(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(page)?.[1] ?? '', 'utf8').digest('base64')}'`;
    expect(csp).toContain(`style-src ${hash('style')};`);
    expect(csp).toContain(`script-src ${hash('script')};`);
    expect(page).not.toMatch(/\s(?:src|href)="(?!#)/);
    expect(page).not.toMatch(/url\(|@import/);
  });

  it('shows the numbers it is made of, each tagged with its audit_report.json path', async () => {
    const report = await buildAuditReport(sampleInputs());
    const page = renderAuditHtml(report);
    expect(page).toContain(`<span data-field="scores.aggregate.score" data-format="num1">${report.scores.aggregate.score?.toFixed(1)}</span>`);
    expect(page).toContain(`<span data-field="verdict" data-format="text">${report.verdict}</span>`);
    expect(page).toContain('<span data-field="interface_coverage.rows.0.latencyMs.p50" data-format="num1">2.0</span>');
    expect(page).toContain('<span data-field="check_records.length" data-format="int">8</span>');
    // one filterable row per check, with its facets
    expect(page.match(/<tr data-status="/g)).toHaveLength(8);
    expect(page).toContain('<tr data-status="FAIL" data-milestone="M4" data-systems="Integration">');
  });

  it('with no evidence says UNTESTED and that no fix pass ran, drawing no chart', async () => {
    const page = renderAuditHtml(await buildAuditReport({ checks: [] }));
    expect(page).toContain('Verdict: <span data-field="verdict" data-format="text">UNTESTED</span>');
    expect(page).toContain('<span data-field="scores.aggregate.score" data-format="null">UNTESTED</span>');
    expect(page).toContain('No fix pass ran on the system\'s findings.');
    expect(page).not.toContain('class="chart convergence"');
  });
});
