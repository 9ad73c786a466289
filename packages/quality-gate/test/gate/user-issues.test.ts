import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGateCommand } from '../../src/gate/gate-command.js';
import { renderReport, type ReportFormat } from '../../src/reports/write-reports.js';
import { tempRepo } from '../reports/fixtures.js';

const j = (...parts: string[]): string => parts.join('');
const FORMATS: ReportFormat[] = ['md', 'json', 'sarif'];
const roots: string[] = [];
const repo = (files: Record<string, string>): string => {
  const root = tempRepo(files);
  roots.push(root);
  return root;
};
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** Every format of the report, rendered. */
function allFormats(report: Parameters<typeof renderReport>[0]): string {
  return FORMATS.map((f) => renderReport(report, f)).join('\n');
}

describe('--layers runs every layer asked for', () => {
  // A blocking Layer 3 finding (hard-coded JWT secret) and a Layer 4 one (awaited fetch without error handling).
  const files = {
    'api/package.json': '{"name":"api"}',
    'api/src/server.js': j(
      "const JWT_SECRET = '",
      "k9Lm2pQ7vXz8-prod';\n",
      "require('node:http').createServer((q, s) => { if (q.url === '/health') return s.end('ok'); s.end(); }).listen(8080);\n",
      'export async function sync() {\n  const r = await fetch(process.env.PEER_URL);\n  return r.json();\n}\n',
    ),
  };

  it('reports Layer 4 findings although Layer 3 blocks, and says so in every format', async () => {
    const dir = repo(files);
    const r = await runGateCommand({ dir, layers: '3,4', format: 'json' });
    expect(r.report.layers.layer3_system.verdict).toBe('failed');
    expect(r.report.layers.layer4_adversarial.verdict).toBe('partial');
    expect(r.report.layers.layer4_adversarial.violations.map((v) => v.code)).toContain('ADV-005');
    expect(r.report.gating_mode).toBe('all_layers');
    expect(JSON.parse(r.output).gating_mode).toBe('all_layers');
    expect(renderReport(r.report, 'md')).toMatch(/- Gating: all layers: every selected layer ran/);
    expect(JSON.parse(renderReport(r.report, 'sarif')).runs[0].properties.gating_mode).toBe('all_layers');
    expect(r.exitCode).toBe(1);
  });

  it('applies seed 004 promotion gating with promotion: true (Layer 4 not promoted)', async () => {
    const dir = repo(files);
    const r = await runGateCommand({ dir, layers: '3,4', format: 'md', promotion: true });
    expect(r.report.gating_mode).toBe('promotion');
    expect(r.report.layers.layer4_adversarial.verdict).toBe('skipped');
    expect(r.report.layers.layer4_adversarial.skipped_reason).toMatch(/^not promoted: Layer 3 failed/);
    expect(r.output).toMatch(/- Gating: promotion \(seed 004 section 6\.6\)/);
  });
});

describe('secrets are never printed', () => {
  const AKIA = j('AKIA', 'Q3EGRT7ZPLM2XV4K');
  const AWS_SECRET = j('wJalrXUtnFEMI/K7MDENG', '+bPxRfiCYzq3Tk9LmN2');
  const GH = j('ghp', '_R8kz2Lq9Xv4Tn7Wm1Pb6Hc3Js5Fd0Ya8Ue2Q');
  const SLACK = j('xoxb-', '2847561093-7719283746-Qm8Zr4Tx1Lp9Vw3Ky6Nb');
  /** No part of a secret beyond the 4-character prefix the redaction keeps. */
  const expectClean = (text: string, secrets: readonly string[]) => {
    for (const s of secrets) for (let i = 4; i + 8 <= s.length; i += 4) expect(text).not.toContain(s.slice(i, i + 8));
  };

  it('redacts both AWS secrets of one boto3 line in every finding and every format', async () => {
    const dir = repo({ 'app.py': `import boto3\nclient = boto3.client("s3", aws_access_key_id="${AKIA}", aws_secret_access_key="${AWS_SECRET}")\n` });
    const r = await runGateCommand({ dir, layers: '3', format: 'json' });
    const codes = r.report.layers.layer3_system.violations.map((v) => v.code);
    expect(codes).toEqual(expect.arrayContaining(['SEC-SECRET-001', 'SEC-SECRET-002']));
    for (const v of r.report.layers.layer3_system.violations.filter((x) => x.code.startsWith('SEC-SECRET'))) {
      expect(v.snippet).toBe('client = boto3.client("s3", aws_access_key_id="AKIA…", aws_secret_access_key="wJal…")');
    }
    expectClean(r.output + allFormats(r.report), [AKIA, AWS_SECRET]);
  });

  it('redacts three secrets on one line, and overlapping ones, in every format', async () => {
    const dir = repo({
      'svc/ci.sh': j(`export GITHUB_TOKEN=${GH} SLACK_TOKEN=${SLACK} AWS_ACCESS_KEY_ID=${AKIA}\n`),
      // The AWS key id is also the tail of a longer token value on this line: the two matches overlap.
      'svc/.env': `API_KEY=zz${AKIA}\nAWS_ACCESS_KEY_ID=${AKIA}\n`,
    });
    const r = await runGateCommand({ dir, layers: '3', format: 'sarif' });
    const v = r.report.layers.layer3_system.violations;
    expect(v.filter((x) => x.file_path === 'svc/ci.sh').map((x) => x.code).sort()).toEqual(['SEC-SECRET-001', 'SEC-SECRET-008', 'SEC-SECRET-011']);
    expect(v.find((x) => x.file_path === 'svc/ci.sh')?.snippet).toBe('export GITHUB_TOKEN=ghp_… SLACK_TOKEN=xoxb… AWS_ACCESS_KEY_ID=AKIA…');
    expect(v.filter((x) => x.file_path === 'svc/.env').length).toBeGreaterThan(0);
    expectClean(r.output + allFormats(r.report), [AKIA, GH, SLACK, `zz${AKIA}`]);
  });

  it('redacts a key id in a file name from paths in every format', async () => {
    const dir = repo({ [`keys/${AKIA}.env`]: `AWS_ACCESS_KEY_ID=${AKIA}\n`, [`keys/${AKIA}.dat`]: '' });
    writeFileSync(join(dir, `keys/${AKIA}.dat`), Buffer.from([1, 0, 2, 0]));
    const r = await runGateCommand({ dir, layers: '3', format: 'md' });
    const paths = r.report.layers.layer3_system.violations.map((v) => v.file_path);
    expect(paths).toContain('keys/AKIA….env');
    expect(r.report.layers.layer3_system.files_not_analysed?.map((f) => f.file_path)).toEqual(['keys/AKIA….dat']);
    expectClean(r.output + allFormats(r.report), [AKIA]);
  });
});

describe('bad compose YAML is a named problem, not a crash', () => {
  const bomb = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    bomb.push(`x-${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  bomb.push('services:', '  web:', '    image: nginx:latest', '    privileged: true', '    environment:', '      BOMB: *i');

  it('lists a compose alias bomb as not analysed, scans it as text and goes on with the other files', async () => {
    const dir = repo({
      'docker-compose.yml': `${bomb.join('\n')}\n`,
      'api/package.json': '{"name":"api"}',
      'api/src/db.py': j('DB_PASSWORD = "', 'Tr0ub4dor&3"\n'),
    });
    const r = await runGateCommand({ dir, layers: '3', format: 'json' });
    const l3 = r.report.layers.layer3_system;
    expect(l3.files_not_analysed).toEqual([expect.objectContaining({ file_path: 'docker-compose.yml', coverage: 'text_only' })]);
    expect(l3.files_not_analysed?.[0]?.reason).toMatch(/YAML alias expansion over the limit of 100 aliases/);
    expect(l3.violations.map((v) => v.code)).toContain('SEC-SECRET-007');
    expect(renderReport(r.report, 'md')).toMatch(/## Files not fully analysed[\s\S]*docker-compose\.yml/);
  });
});

describe('blind spots are never a silent pass', () => {
  it('scans a file over 1 MiB for secrets in chunks, lists it and a binary, and does not pass', async () => {
    const filler = 'INSERT INTO t VALUES (1, \'row\');\n'.repeat(40_000);
    const dir = repo({ 'dump/big.sql': `${filler}-- ci token ${j('ghp', '_R8kz2Lq9Xv4Tn7Wm1Pb6Hc3Js5Fd0Ya8Ue2Q')}\n`, 'app.py': 'import logging\n' });
    mkdirSync(join(dir, 'bin'), { recursive: true });
    writeFileSync(join(dir, 'bin/tool'), Buffer.concat([Buffer.from('ELF'), Buffer.alloc(8), Buffer.from('AKIAQ3EGRT7ZPLM2XV4K')]));
    const r = await runGateCommand({ dir, layers: '3', format: 'md' });
    const l3 = r.report.layers.layer3_system;
    expect(l3.violations.map((v) => `${v.code}:${v.file_path}:${v.line}`)).toEqual(['SEC-SECRET-008:dump/big.sql:40001']);
    expect(l3.files_not_analysed?.map((f) => `${f.file_path}:${f.coverage}`)).toEqual(['bin/tool:none', 'dump/big.sql:secrets_only']);
    expect(r.output).toMatch(/\*\*2 files not fully analysed\*\* \(1 not at all; listed below\)/);
    expect(r.output).toMatch(/`bin\/tool` \| L3 \| nothing \| binary content/);
    expect(r.report.checks.find((c) => c.id === 'gate.layer3_system.coverage')?.status).toBe('FAIL');
  });

  it('passes only when every file was analysed', async () => {
    const dir = repo({ 'app.py': 'import logging\nlogging.getLogger(__name__).info("ok")\n' });
    const r = await runGateCommand({ dir, layers: '3', format: 'json' });
    expect(r.report.layers.layer3_system.verdict).toBe('passed');
    expect(r.report.layers.layer3_system.files_not_analysed).toEqual([]);
    expect(r.report.checks.find((c) => c.id === 'gate.layer3_system.coverage')?.status).toBe('PASS');
  });

  it('reads a UTF-16 file (NUL bytes, but a byte order mark) as text', async () => {
    const dir = repo({});
    writeFileSync(join(dir, 'settings.ini'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(j('db_password = ', 'Tr0ub4dor&3x\n'), 'utf16le')]));
    const r = await runGateCommand({ dir, layers: '3', format: 'json' });
    expect(r.report.layers.layer3_system.violations.map((v) => v.code)).toEqual(['SEC-SECRET-007']);
    expect(r.report.layers.layer3_system.files_not_analysed).toEqual([]);
  });
});

describe('--out-dir', () => {
  it('rejects a path that is a file, or lies under one, with one line and exit code 2', async () => {
    const dir = repo({ 'app.py': 'import logging\n', 'report.txt': 'x' });
    await expect(runGateCommand({ dir, layers: '3', outDir: join(dir, 'report.txt') })).rejects.toMatchObject({ exitCode: 2, message: `--out-dir: ${join(dir, 'report.txt')} is a file, not a directory; pass a directory for the reports.` });
    await expect(runGateCommand({ dir, layers: '3', outDir: join(dir, 'report.txt', 'sub') })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/cannot be created because .*report\.txt is a file/) });
  });
});
