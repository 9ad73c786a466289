import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every check the product makes must be able to FAIL (DESIGN.md section 2):
// no verdict is a constant. This test reads the product sources (src/ of
// every app and package, never test/ or bench/) and flags each literal
// 'PASS' given as a verdict, i.e.
//   - a string literal 'PASS' passed to a call with more arguments after
//     it (a verdict and its evidence), e.g. check(id, name, 'PASS',
//     evidence) or a local wrapper's gen('PASS', evidence), but not
//     count('PASS'), or
//   - an object literal property `status: 'PASS'`,
// unless the verdict visibly depends on evidence:
//   1. it sits in a conditional branch of its function (if/else, ?:, a
//      switch case, a catch clause, the right side of && || ??, a try
//      block whose catch clause has no PASS of its own), or
//   2. it is (part of) what a `return` statement returns, and an earlier
//      statement of the same function can leave it otherwise: a `throw`, or
//      a `return` of something with no literal 'PASS' in it (the FAIL of a
//      judge that returns PASS last).
// A status computed from a condition (`ok ? 'PASS' : 'FAIL'`) is no literal
// and never flagged. Where a literal PASS is right although neither rule
// sees why, mark it on its line or the line above with
//   // constant-status-ok: <the reason, at least a few words>
// and the test accepts it (an empty or short reason is itself flagged).
// Limits: a status kept in a variable (`let status = 'PASS'` handed on
// unchanged) is not followed, and WARN/SKIP constants are not looked for
// (they never count as passed).

const root = path.resolve(__dirname, '../../../..');

const ALLOW = /\/\/\s*constant-status-ok:(.*)$/;
/** A reason shorter than this is no reason. */
const MIN_REASON = 12;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : sources(p);
    return /\.[cm]?[jt]sx?$/.test(p) && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** A flagged verdict: where, and why it counts as constant. */
export interface ConstantStatus {
  file: string;
  line: number;
  text: string;
  why: string;
}

const isFunction = (n: ts.Node): n is ts.FunctionLikeDeclaration =>
  ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n) || ts.isConstructorDeclaration(n) || ts.isGetAccessor(n) || ts.isSetAccessor(n);

const isPassLiteral = (n: ts.Node): boolean => (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && n.text === 'PASS';

const containsPass = (n: ts.Node): boolean => isPassLiteral(n) || (ts.forEachChild(n, (c) => (containsPass(c) ? true : undefined)) ?? false);

/** Is `child` (a direct child of `parent`) in a branch that runs only on a condition? */
function conditionalChild(parent: ts.Node, child: ts.Node): boolean {
  if (ts.isIfStatement(parent)) return child === parent.thenStatement || child === parent.elseStatement;
  if (ts.isConditionalExpression(parent)) return child === parent.whenTrue || child === parent.whenFalse;
  if (ts.isCaseClause(parent) || ts.isDefaultClause(parent) || ts.isCatchClause(parent)) return true;
  // a try block whose catch gives another verdict: reached only when nothing in it threw
  if (ts.isTryStatement(parent)) return child === parent.tryBlock && parent.catchClause !== undefined && !containsPass(parent.catchClause);
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    return child === parent.right && (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken);
  }
  return false;
}

/** A throw, or a return without a literal PASS, in `fn` (not in a nested function) before `pos`. */
function earlierOtherExit(fn: ts.Node, pos: number): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || n.getStart() >= pos) return;
    if (n !== fn && isFunction(n)) return;
    if (ts.isThrowStatement(n) || (ts.isReturnStatement(n) && n.end <= pos && !(n.expression && containsPass(n.expression)))) {
      found = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(fn);
  return found;
}

/** Why the literal PASS at `site` is constant, or null when it depends on evidence. */
function constantWhy(site: ts.Node): string | null {
  let child: ts.Node = site;
  let returned: ts.ReturnStatement | undefined;
  for (let parent = site.parent; parent; child = parent, parent = parent.parent) {
    if (conditionalChild(parent, child)) return null;
    if (ts.isReturnStatement(parent)) returned = parent;
    if (isFunction(parent)) {
      // an arrow's expression body is what it returns
      if (!returned && ts.isArrowFunction(parent) && !ts.isBlock(parent.body) && child === parent.body) return earlierOtherExit(parent, site.getStart()) ? null : 'the function returns it on every path';
      if (returned) return earlierOtherExit(parent, returned.getStart()) ? null : 'returned on every path (no earlier FAIL return or throw in the function)';
      return 'not in a conditional branch and not the returned verdict of a function that can return otherwise';
    }
  }
  return 'at module level';
}

/** The verdict sites of a source text: literal 'PASS' call arguments and `status: 'PASS'` properties. */
export function findConstantStatuses(file: string, text = readFileSync(file, 'utf8')): ConstantStatus[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, /\.[cm]?[jt]sx$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const lines = text.split('\n');
  const found: ConstantStatus[] = [];
  const visit = (n: ts.Node): void => {
    const args = ts.isCallExpression(n) || ts.isNewExpression(n) ? [...(n.arguments ?? [])] : [];
    const site =
      args.length ? args.find((a, i) => isPassLiteral(a) && i < args.length - 1)
      : ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) && n.name.text === 'status' && isPassLiteral(n.initializer) ? n.initializer
      : undefined;
    if (site) {
      const line = source.getLineAndCharacterOfPosition(site.getStart()).line;
      const allow = [lines[line], lines[line - 1]].map((l) => ALLOW.exec(l ?? '')).find((m) => m);
      const why = constantWhy(site);
      if (allow && (allow[1] ?? '').trim().length < MIN_REASON) found.push({ file, line: line + 1, text: lines[line]!.trim(), why: 'constant-status-ok without a reason' });
      else if (why && !allow) found.push({ file, line: line + 1, text: lines[line]!.trim(), why });
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return found;
}

const projects = ['apps', 'packages']
  .flatMap((group) => readdirSync(path.join(root, group)).map((p) => `${group}/${p}/src`))
  .filter((d) => existsSync(path.join(root, d)));

describe('no constant verdicts in product code (DESIGN.md section 2: every check can FAIL)', () => {
  it.each(projects)('%s makes no constant PASS', (dir) => {
    const found = sources(path.join(root, dir)).flatMap((f) => findConstantStatuses(f));
    expect(found.map((c) => `${path.relative(root, c.file)}:${c.line} ${c.why}: ${c.text.slice(0, 160)}`)).toEqual([]);
  });

  it('flags planted constant verdicts and accepts evidence-based ones', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run4-constant-status-'));
    const file = path.join(dir, 'planted.ts');
    writeFileSync(
      file,
      [
        "import { check, runCheck } from '@run4/checks';",
        "export const always = () => check('a', 'A', 'PASS', 'nothing was looked at');", // 2: flagged
        'export async function probe(ok: boolean) {',
        "  const records = [check('b', 'B', 'PASS', 'catalog built')];", // 4: flagged
        "  records.push(check('c', 'C', ok ? 'PASS' : 'FAIL', 'computed'));",
        "  if (ok) records.push(check('d', 'D', 'PASS', 'in a branch'));",
        "  records.push(await runCheck({ id: 'e', name: 'E' }, async () => ({ status: 'PASS', evidence: 'constant outcome' })));", // 7: flagged
        "  records.push(await runCheck({ id: 'f', name: 'F' }, async () => {",
        "    if (!ok) return { status: 'FAIL', evidence: 'not ok' };",
        "    return { status: 'PASS', evidence: 'ok after a real test' };",
        '  }));',
        "  records.push(await runCheck({ id: 'g', name: 'G' }, () => { return { status: 'PASS', evidence: 'no test' }; }));", // 12: flagged
        "  records.push(check('h', 'H', 'PASS', 'seed says so')); // constant-status-ok: the seed defines this row as informational",
        "  records.push(check('i', 'I', 'PASS', 'lazy')); // constant-status-ok: x", // 14: flagged (no reason)
        "  const gen = (status: 'PASS' | 'FAIL', evidence: string) => check('k', 'K', status, evidence);",
        "  records.push(gen('PASS', 'constant through a wrapper'));", // 16: flagged
        "  const passed = records.filter((r) => r.status === 'PASS').length + count('PASS');",
        "  const fail = (): never => { throw new Error('x'); };",
        "  return ok && passed ? records : fail();",
        '}',
        'export function judge(n: number) {',
        "  if (n > 3) throw new Error('too many');",
        "  return check('j', 'J', 'PASS', `${n} seen`);",
        '}',
        "export const merged = () => runCheck({ id: 'n', name: 'N' }, () => { try { load(); return { status: 'PASS', evidence: 'loaded' }; } catch { return { status: 'FAIL', evidence: 'threw' }; } });",
        "export const both = () => runCheck({ id: 'o', name: 'O' }, () => { try { load(); return { status: 'PASS', evidence: 'a' }; } catch { return { status: 'PASS', evidence: 'b' }; } });", // 26: flagged (the try block's PASS; a PASS in a catch clause is a branch)
        'export const milestone = async (ok: boolean) => {',
        "  if (!ok) return { status: 'FAIL', checks: [] };",
        "  const checks = [check('m', 'M', 'PASS', 'an early FAIL return of the milestone does not make this one depend on evidence')];", // 29: flagged
        "  return { status: checks.length ? 'PASS' : 'FAIL', checks };",
        '};',
        '',
      ].join('\n'),
    );
    const found = findConstantStatuses(file);
    expect(found.map((c) => c.line)).toEqual([2, 4, 7, 12, 14, 16, 26, 29]);
    expect(found.find((c) => c.line === 14)?.why).toBe('constant-status-ok without a reason');
  });
});
