import { createHash } from 'node:crypto';
import type { AuditReport } from './build-report.js';
import { checkFacets } from './check-facets.js';
import { formatDuration } from './cost.js';
import { html, SafeHtml } from './html-escape.js';
import { scoreDelta, thresholdValue } from './render-markdown.js';
import { convergenceChartSvg, dotSvg, scoreBarsSvg, trafficLightSvg } from './svg-charts.js';

const STYLE = `
:root{--green:#2e7d32;--yellow:#f9a825;--red:#c62828;--grey:#9e9e9e;--ink:#1f2933;--muted:#5f6b76;--line:#d9dee3}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:#f5f7f9}
header{background:#263238;color:#fff;padding:18px 28px}
header h1{margin:0 0 4px;font-size:22px;letter-spacing:.02em}
header p{margin:0;color:#cfd8dc}
nav{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);padding:8px 28px;display:flex;gap:16px;flex-wrap:wrap}
nav a{color:#1565c0;text-decoration:none}
main{padding:8px 28px 48px;max-width:1400px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;margin:18px 0;padding:16px 20px}
h2{margin:0 0 12px;font-size:18px}
h3{margin:18px 0 8px;font-size:15px}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f5;font-weight:600}
.verdict{display:flex;gap:24px;align-items:center;flex-wrap:wrap}
.verdict .big{font-size:40px;font-weight:700}
.verdict .label{font-size:20px;font-weight:700}
.lights{display:flex;gap:18px;flex-wrap:wrap;margin:12px 0}
.lights figure{margin:0;text-align:center;min-width:90px}
.lights figcaption{font-size:12px;color:var(--muted)}
.note{background:#fff8e1;border-left:4px solid var(--yellow);padding:6px 10px;margin:8px 0}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:8px;margin:10px 0}
.facts div{background:#f0f3f5;border-radius:6px;padding:8px 10px}
.facts b{display:block;font-size:20px}
.chart{max-width:100%;height:auto;display:block;margin:6px 0}
.bar-label,.bar-value,.axis,.point-label{font-size:12px;fill:#37474f}
.point-label{font-weight:600}
.dot{vertical-align:-2px;margin-right:4px}
.s-GREEN,.s-PASS,.s-YES{background:#c8e6c9}
.s-YELLOW,.s-WARN{background:#fff3c4}
.s-RED,.s-FAIL,.s-NO{background:#ffcdd2}
.s-UNTESTED,.s-SKIP{background:#e0e0e0}
.grid td.cell{text-align:center;font-weight:600;min-width:70px}
.matrix{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:6px;margin:8px 0}
.matrix .tile{border-radius:6px;padding:8px;border:1px solid rgba(0,0,0,.08)}
.matrix .tile b{display:block}
.matrix .tile small{color:#37474f}
.evidence{white-space:pre-wrap;word-break:break-word;max-width:640px}
.filters{display:flex;gap:14px;flex-wrap:wrap;align-items:center;margin:6px 0 10px}
.filters fieldset{border:1px solid var(--line);border-radius:6px;padding:4px 10px}
.filters input[type=search]{min-width:260px;padding:4px 6px}
.muted{color:var(--muted)}
tr[hidden]{display:none}
details summary{cursor:pointer;font-weight:600;margin:6px 0}
`;

const SCRIPT = `
(function () {
  var form = document.getElementById('check-filters');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#checks-table tbody tr'));
  var shown = document.getElementById('checks-shown');
  function apply() {
    var statuses = Array.prototype.slice.call(form.querySelectorAll('input[name=status]:checked')).map(function (i) { return i.value; });
    var milestone = form.elements.namedItem('milestone').value;
    var system = form.elements.namedItem('system').value;
    var text = form.elements.namedItem('text').value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (row) {
      var systems = row.getAttribute('data-systems').split('|');
      var ok = statuses.indexOf(row.getAttribute('data-status')) >= 0 &&
        (milestone === '' || row.getAttribute('data-milestone') === milestone) &&
        (system === '' || (system === 'none' ? systems.join('') === '' : systems.indexOf(system) >= 0)) &&
        (text === '' || row.textContent.toLowerCase().indexOf(text) >= 0);
      row.hidden = !ok;
      if (ok) n += 1;
    });
    shown.textContent = String(n);
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  apply();
})();
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** A number from audit_report.json, tagged with its path so the page can be checked against the JSON. */
function num(path: string, value: number | null | undefined, digits = 1): SafeHtml {
  if (value === null || value === undefined) return html`<span data-field="${path}" data-format="null">UNTESTED</span>`;
  return html`<span data-field="${path}" data-format="${digits === 0 ? 'int' : `num${digits}`}">${value.toFixed(digits)}</span>`;
}
function pct(path: string, value: number | null | undefined): SafeHtml {
  if (value === null || value === undefined) return html`<span data-field="${path}" data-format="null">UNTESTED</span>`;
  return html`<span data-field="${path}" data-format="pct">${(value * 100).toFixed(1)}%</span>`;
}
const text = (path: string, value: string) => html`<span data-field="${path}" data-format="text">${value}</span>`;
const status = (s: string) => html`<td class="s-${s}">${dotSvg(s)}${s}</td>`;
const yesNo = (b: boolean) => html`<td class="cell s-${b ? 'YES' : 'NO'}">${b ? 'YES' : 'NO'}</td>`;

function summary(r: AuditReport): SafeHtml {
  const s = r.scores;
  const a = s.aggregate;
  const t = r.defect_totals;
  const parts = [
    ...Object.entries(s.systems).map(([key, x]) => ({ label: x.label, light: x.light, path: `scores.systems.${key}.score`, score: x.score })),
    { label: 'Integration', light: s.integration.light, path: 'scores.integration.score', score: s.integration.score },
  ];
  return html`<section id="summary"><h2>1. Executive summary</h2>
<div class="verdict">${trafficLightSvg(r.verdict, 'Verdict', 1.3)}
<div><div class="label">Verdict: ${text('verdict', r.verdict)}</div>
<div class="big">${num('scores.aggregate.score', a.score)} <span class="muted">/ 100</span></div>
${a.capped ? html`<div>capped from ${num('scores.aggregate.uncapped', a.uncapped)}</div>` : ''}</div></div>
${a.capReason ? html`<p class="note">${a.capReason}</p>` : ''}
${a.untested.length ? html`<p class="note">UNTESTED components (counted as 0): ${a.untested.join(', ')}</p>` : ''}
<div class="lights">${parts.map((p) => html`<figure>${trafficLightSvg(p.light, p.label)}<figcaption><b>${p.label}</b><br>${num(p.path, p.score)} · ${p.light}</figcaption></figure>`)}</div>
<div class="facts">
<div>Checks<b>${num('checks.total', r.checks.total, 0)}</b>${num('checks.passed', r.checks.passed, 0)} PASS · ${num('checks.warned', r.checks.warned, 0)} WARN · ${num('checks.failed', r.checks.failed, 0)} FAIL · ${num('checks.skipped', r.checks.skipped, 0)} SKIP</div>
<div>Test pass rate (PASS only)<b>${pct('scores.testPassRate', s.testPassRate)}</b>WARN and SKIP are not counted as passed</div>
<div>Fix passes<b>${r.fix_passes.length}</b>convergence ${num('convergence', r.convergence, 2)}${r.stop_reason ? html`<br>stopped: ${r.stop_reason}` : ''}</div>
<div>Defects<b>${num('defect_totals.total', t.total, 0)}</b>P0 ${t.byPriority.P0 ?? 0} · P1 ${t.byPriority.P1 ?? 0} · P2 ${t.byPriority.P2 ?? 0} · P3 ${t.byPriority.P3 ?? 0}<br>${num('defect_totals.fixed', t.fixed, 0)} fixed · ${num('defect_totals.open', t.open, 0)} open</div>
<div>Requirements<b>${num('rtm_summary.total', r.rtm_summary.total, 0)}</b>${num('rtm_summary.pass', r.rtm_summary.pass, 0)} Verified · ${num('rtm_summary.warn', r.rtm_summary.warn, 0)} with caveat · ${num('rtm_summary.fail', r.rtm_summary.fail, 0)} Gap · ${num('rtm_summary.untested', r.rtm_summary.untested, 0)} Not verified</div>
<div>Backend<b>${r.backend || 'not recorded'}</b>run ${r.run_id || '(no run id)'}</div>
</div></section>`;
}

function scores(r: AuditReport): SafeHtml {
  const s = r.scores;
  const categoryTable = (path: string, cats: AuditReport['scores']['integration']['categories']) =>
    html`<table><thead><tr><th>Category</th><th>Weight</th><th>Points</th><th>Status</th><th>Evidence</th></tr></thead><tbody>${cats.map(
      (c, i) => html`<tr><td>${c.name}</td><td>${c.weight}</td><td>${c.status === 'UNTESTED' ? 'UNTESTED' : num(`${path}.categories.${i}.points`, c.points, 2)}</td>${status(c.status === 'SCORED' ? 'PASS' : 'UNTESTED')}<td class="evidence">${c.evidence}</td></tr>`,
    )}</tbody></table>`;
  return html`<section id="scores"><h2>2. Scores per system and category</h2>
<p class="muted">Seed 001 section 6: each bar is points out of the category's weight; an UNTESTED category earns 0 and is drawn empty.</p>
${Object.entries(s.systems).map(
  ([key, x]) => html`<h3>${dotSvg(x.light)}${x.label}: ${num(`scores.systems.${key}.score`, x.score)}${x.score === null ? '' : ` (${x.light})`}</h3>${scoreBarsSvg(`scores.systems.${key}`, x)}
<details><summary>${x.label} categories and evidence</summary>${categoryTable(`scores.systems.${key}`, x.categories)}</details>`,
)}
<h3>${dotSvg(s.integration.light)}Integration: ${num('scores.integration.score', s.integration.score)}${s.integration.score === null ? '' : ` (${s.integration.light})`}</h3>
${scoreBarsSvg('scores.integration', s.integration)}
<details><summary>Integration categories and evidence</summary>${categoryTable('scores.integration', s.integration.categories)}</details>
</section>`;
}

/** The violations Run 4 planted itself, apart from the system's findings. */
function plantedHtml(r: AuditReport): SafeHtml {
  const p = r.planted;
  if (!p) return html``;
  const yes = (v: boolean | null, y: string, n: string, evidence: string) => html`<td>${v === null ? 'not judged' : v ? y : html`<b>${n}</b>`}<br><small>${evidence}</small></td>`;
  return html`<h3 id="planted">Planted by Run 4</h3>
<p>Run 4 planted the seed's deliberate violations (R4-M4-008) in a copy of a built service, gated the copy on its own and ran the fix loop on it; they are not findings of the system under test.</p>
<table><thead><tr><th>Code</th><th>Planted</th><th>Found by the gate</th><th>Fixed</th></tr></thead><tbody>
${p.rows.map((x) => html`<tr><td>${x.code}</td><td>${x.planted ? `${x.service} ${x.file}:${x.line}` : `no: ${x.detail}`}</td>${yes(x.found, 'found', 'missed', x.found_evidence)}${yes(x.fixed, 'removed', 'not removed', x.fix_evidence)}</tr>`)}
</tbody></table>
${p.passes.length ? html`<table><thead><tr><th>Pass on the copy</th><th>Targeted</th><th>Resolved</th><th>Score delta (before → after)</th></tr></thead><tbody>${p.passes.map((x) => html`<tr><td>${x.pass_number}</td><td>${x.targeted}</td><td>${x.resolved}</td><td>${scoreDelta(x)}</td></tr>`)}</tbody></table>` : ''}
<p>${p.fix_status ? `Fix loop on the copy: ${p.fix_status} — ${p.fix_evidence}` : 'No fix loop ran on the planted copy.'}</p>`;
}

function fixPasses(r: AuditReport): SafeHtml {
  if (r.fix_passes.length === 0) return html`<section id="fix-passes"><h2>3. Fix pass convergence</h2><p>No fix pass ran on the system's findings${r.stop_reason ? html` (${r.stop_reason})` : ''}.</p>${plantedHtml(r)}</section>`;
  return html`<section id="fix-passes"><h2>3. Fix pass convergence</h2>
${convergenceChartSvg(r.fix_passes)}
<table><thead><tr><th>Pass</th><th>Targeted</th><th>Resolved</th><th>Failed</th><th>Regressions</th><th>Effectiveness</th><th>Score delta (before → after)</th><th>Convergence</th><th>Cost</th></tr></thead><tbody>
${r.fix_passes.map(
  (p, i) => html`<tr><td>${p.pass_number}</td><td>${num(`fix_passes.${i}.targeted`, p.targeted, 0)}</td><td>${num(`fix_passes.${i}.resolved`, p.resolved, 0)}</td><td>${num(`fix_passes.${i}.failed`, p.failed, 0)}</td><td>${num(`fix_passes.${i}.regressions`, p.regressions, 0)}</td><td>${pct(`fix_passes.${i}.effectiveness`, p.effectiveness)}</td><td>${scoreDelta(p)}</td><td>${p.convergence === undefined ? 'not recorded' : num(`fix_passes.${i}.convergence`, p.convergence, 2)}</td><td>$${p.cost.toFixed(2)}</td></tr>`,
)}
</tbody></table>${r.stop_reason ? html`<p>Stopped: ${r.stop_reason}.</p>` : ''}${plantedHtml(r)}</section>`;
}

function interfaceMatrix(r: AuditReport): SafeHtml {
  const ic = r.interface_coverage;
  return html`<section id="interface"><h2>4. MCP interface coverage</h2>
<p>Valid-request coverage ${pct('interface_coverage.validCoverage', ic.validCoverage)} (target 100%), error-request coverage ${pct('interface_coverage.errorCoverage', ic.errorCoverage)} (target ≥ 80%): <b>${ic.meetsTargets ? 'targets met' : 'targets NOT met'}</b>.</p>
<table class="grid" id="interface-grid"><thead><tr><th>Server</th><th>Tool</th><th>Valid tested</th><th>Error tested</th><th>Parseable</th><th>p50 ms</th><th>p95 ms</th><th>Status</th></tr></thead><tbody>
${ic.rows.map(
  (x, i) => html`<tr title="${x.evidence}"><td>${x.server}</td><td>${x.tool}</td>${yesNo(x.validTested)}${yesNo(x.errorTested)}${yesNo(x.parseable)}<td>${x.latencyMs ? num(`interface_coverage.rows.${i}.latencyMs.p50`, x.latencyMs.p50) : 'not measured'}</td><td>${x.latencyMs ? num(`interface_coverage.rows.${i}.latencyMs.p95`, x.latencyMs.p95) : 'not measured'}</td><td class="cell s-${x.status}">${x.status}${x.warned.length ? html`<br><small>WARN: ${x.warned.join(', ')}</small>` : ''}</td></tr>`,
)}
</tbody></table></section>`;
}

function flows(r: AuditReport): SafeHtml {
  const tile = (id: string, title: string, s: string, evidence: string, tested?: boolean) =>
    html`<div class="tile s-${s}" title="${evidence}"><b>${id} · ${s}</b><small>${title}${tested === undefined ? '' : tested ? ' · tested' : ' · not tested'}</small></div>`;
  return html`<section id="flows"><h2>5. Data flows and dark corners</h2>
<h3>Data flow path coverage</h3>
<div class="matrix" id="flow-grid">${r.data_flows.map((f) => tile(f.id, f.title, f.status, f.evidence, f.tested))}</div>
<table><thead><tr><th>Flow</th><th>Path</th><th>Tested</th><th>Status</th><th>Evidence</th></tr></thead><tbody>${r.data_flows.map(
    (f) => html`<tr><td>${f.id}</td><td>${f.title}</td>${yesNo(f.tested)}${status(f.status)}<td class="evidence">${f.evidence}</td></tr>`,
  )}</tbody></table>
<h3>Dark corners</h3>
<div class="matrix" id="dark-corner-grid">${r.dark_corners.map((d) => tile(d.id, `${d.title}${d.required ? '' : ' (optional)'}`, d.status, d.evidence))}</div>
<table><thead><tr><th>Id</th><th>Dark corner</th><th>Status</th><th>Evidence</th></tr></thead><tbody>${r.dark_corners.map(
    (d) => html`<tr><td>${d.id}</td><td>${d.title}</td>${status(d.status)}<td class="evidence">${d.evidence}</td></tr>`,
  )}</tbody></table></section>`;
}

function gaps(r: AuditReport): SafeHtml {
  const t = r.scores.thresholds;
  return html`<section id="gaps"><h2>6. Gap analysis</h2>
<p>Verification matrix (SC/B1/B2/B3/X): ${num('scores.coverage.covered', r.scores.coverage.covered, 0)} of ${num('scores.coverage.total_criteria', r.scores.coverage.total_criteria, 0)} criteria covered (${num('scores.coverage.coverage_pct', r.scores.coverage.coverage_pct)}%); only PASS covers a criterion.</p>
<h3>"Good enough" thresholds</h3>
<table><thead><tr><th>Criterion</th><th>Value</th><th>Minimum</th><th>Target</th><th>Stretch</th><th>Level</th><th>What was verified</th></tr></thead><tbody>${t.map(
    (row) =>
      html`<tr><td>${row.criterion}</td><td>${thresholdValue(row)}</td><td>${row.display.minimum}</td><td>${row.display.target}</td><td>${row.display.stretch}</td><td class="s-${row.level === 'BELOW_MINIMUM' ? 'RED' : row.level === 'UNTESTED' ? 'UNTESTED' : row.level === 'MINIMUM' ? 'YELLOW' : 'GREEN'}">${row.level}</td><td class="evidence">${row.basis}</td></tr>`,
  )}</tbody></table>
<h3>Known limitations</h3>
<ul>${r.limitations.length ? r.limitations.map((l) => html`<li>${l}</li>`) : html`<li>none recorded</li>`}</ul>
<details><summary>Requirements traceability matrix (${r.rtm.length} requirements)</summary>
<table id="rtm-table"><thead><tr><th>Requirement</th><th>Title</th><th>Implementation</th><th>Checks</th><th>Status</th><th>Verification</th><th>Reason</th></tr></thead><tbody>${r.rtm.map(
    (x) =>
      html`<tr><td>${x.id}</td><td>${x.title}</td><td>${x.files.length ? x.files.join(', ') : '—'}</td><td>${x.checkIds.join(', ') || '—'}</td>${status(x.status)}<td>${x.verification}</td><td class="evidence">${x.reason || '—'}</td></tr>`,
  )}</tbody></table></details></section>`;
}

function checksSection(r: AuditReport): SafeHtml {
  const facets = r.check_records.map((c) => checkFacets(c));
  const milestones = [...new Set(facets.map((f) => f.milestone))].sort();
  const count = (s: string) => r.check_records.filter((c) => c.status === s).length;
  return html`<section id="checks"><h2>7. Every check with its evidence</h2>
<form id="check-filters" class="filters" autocomplete="off">
<fieldset><legend>Status</legend>${(['PASS', 'WARN', 'FAIL', 'SKIP'] as const).map(
    (s) => html`<label><input type="checkbox" name="status" value="${s}" checked> ${s} (${count(s)})</label> `,
  )}</fieldset>
<label>Milestone <select name="milestone"><option value="">all</option>${milestones.map((m) => html`<option value="${m}">${m}</option>`)}</select></label>
<label>System <select name="system"><option value="">all</option>${['Build 1', 'Build 2', 'Build 3', 'Integration'].map((s) => html`<option value="${s}">${s}</option>`)}<option value="none">none of these</option></select></label>
<label>Text <input type="search" name="text" placeholder="id, requirement, evidence…"></label>
<span>showing <b id="checks-shown">${r.check_records.length}</b> of ${num('check_records.length', r.check_records.length, 0)}</span>
</form>
<table id="checks-table"><thead><tr><th>Check</th><th>Status</th><th>Milestone</th><th>Systems</th><th>Requirements</th><th>ms</th><th>Evidence</th></tr></thead><tbody>
${r.check_records.map((c, i) => {
  const f = facets[i] as ReturnType<typeof checkFacets>;
  return html`<tr data-status="${c.status}" data-milestone="${f.milestone}" data-systems="${f.systems.join('|')}"><td>${c.id}<br><small class="muted">${c.name}</small></td>${status(c.status)}<td>${f.milestone}</td><td>${f.systems.join(', ') || '—'}</td><td>${c.requirementIds.join(', ')}</td><td>${Math.round(c.durationMs)}</td><td class="evidence">${c.evidence}</td></tr>`;
})}
</tbody></table></section>`;
}

function defects(r: AuditReport): SafeHtml {
  return html`<section id="defects"><h2>8. Defect catalog and violations</h2>
${r.findings.length
  ? html`<table><thead><tr><th>Finding</th><th>Priority</th><th>System</th><th>Component</th><th>Resolution</th><th>Route</th><th>Pass</th><th>Verification</th></tr></thead><tbody>${r.findings.map(
      (f) => html`<tr><td>${f.finding_id}</td><td>${f.priority}</td><td>${f.system}</td><td>${f.component}</td><td>${f.resolution || 'OPEN'}</td><td>${f.route === 'owner' ? `owner (${f.system})` : (f.route ?? '—')}</td><td>${f.fix_pass_number || '—'}</td><td class="evidence">${f.fix_verification}</td></tr>`,
    )}</tbody></table>`
  : html`<p>The defect catalog is empty.</p>`}
${r.violations.length
  ? html`<table><thead><tr><th>Code</th><th>Severity</th><th>Service</th><th>File</th><th>Message</th></tr></thead><tbody>${r.violations.map(
      (v) => html`<tr><td>${v.code}</td><td>${v.severity}</td><td>${v.service ?? ''}</td><td>${v.file_path}${v.line ? `:${v.line}` : ''}</td><td class="evidence">${v.message}</td></tr>`,
    )}</tbody></table>`
  : html`<p>No scan violations were reported.</p>`}</section>`;
}

function costSection(r: AuditReport): SafeHtml {
  const c = r.cost;
  return html`<section id="cost"><h2>9. Cost and duration</h2><table><thead><tr><th>Phase</th><th>Cost</th><th>Duration</th></tr></thead><tbody>
${c.rows.map((x, i) => html`<tr><td>${x.milestone}: ${x.name}</td><td>${x.cost === null ? 'not recorded' : html`$${num(`cost.rows.${i}.cost`, x.cost, 2)}`}</td><td>${formatDuration(x.durationMs)}</td></tr>`)}
<tr><th>Total</th><th>$${num('cost.totalCost', c.totalCost, 2)}</th><th>${formatDuration(c.totalDurationMs)}</th></tr></tbody></table>
${c.unrecorded.length ? html`<p class="muted">Not recorded: ${c.unrecorded.join(', ')}.</p>` : ''}</section>`;
}

/**
 * Render SUPER_TEAM_AUDIT_REPORT.html: one self-contained page (inline CSS,
 * JS and SVG; a Content-Security-Policy allowing only its own style and
 * script by hash, so nothing is fetched at view time) with the executive
 * summary and traffic lights, score bars per system and category, the
 * fix-pass convergence chart, the interface and data-flow matrices as colour
 * grids and every check with its evidence, filterable by status, milestone,
 * system and text. Every string from the report is escaped: evidence comes
 * from systems under test and is treated as untrusted. Each number shown
 * carries its audit_report.json path in `data-field`.
 *
 * @example
 * const page = renderAuditHtml(await buildAuditReport(inputs));
 */
export function renderAuditHtml(report: AuditReport): string {
  const csp = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SUPER_TEAM_AUDIT_REPORT — ${report.run_id || 'no run id'}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<header><h1>SUPER_TEAM_AUDIT_REPORT</h1><p>Run ${report.run_id || '(no run id)'} — generated ${report.generated_at}</p></header>
<nav><a href="#summary">Summary</a><a href="#scores">Scores</a><a href="#fix-passes">Fix passes</a><a href="#interface">MCP interface</a><a href="#flows">Data flows</a><a href="#gaps">Gaps</a><a href="#checks">Checks</a><a href="#defects">Defects</a><a href="#cost">Cost</a></nav>
<main>
${summary(report)}
${scores(report)}
${fixPasses(report)}
${interfaceMatrix(report)}
${flows(report)}
${gaps(report)}
${checksSection(report)}
${defects(report)}
${costSection(report)}
</main>
<script>${new SafeHtml(SCRIPT)}</script>
</body>
</html>
`;
  return page.value;
}
