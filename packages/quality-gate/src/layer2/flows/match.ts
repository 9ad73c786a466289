import type { BodyMatchers, Expect, ValueMatcher } from '@run4/schemas';
import { hasPath, substitute, valueAtPath } from './template.js';

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v)?.slice(0, 80) ?? String(v));

/** Equality after substitution; a number and its decimal string are not equal. */
function equalTo(actual: unknown, expected: unknown, vars: Readonly<Record<string, unknown>>): boolean {
  const want = typeof expected === 'string' ? substitute(expected, vars) : expected;
  return actual === want;
}

/**
 * Why a value does not match its matcher, or null when it does.
 *
 * @example
 * mismatch({ status: 'sent' }, 'status', { one_of: ['sent', 'queued'] }, {}); // null
 */
export function mismatch(body: unknown, dotPath: string, matcher: ValueMatcher, vars: Readonly<Record<string, unknown>>): string | null {
  const present = hasPath(body, dotPath);
  const actual = valueAtPath(body, dotPath);
  if (matcher === null || typeof matcher !== 'object') {
    return equalTo(actual, matcher, vars) ? null : `${dotPath}: expected ${show(typeof matcher === 'string' ? substitute(matcher, vars) : matcher)}, got ${show(actual)}`;
  }
  if (matcher.exists !== undefined && matcher.exists !== present) return `${dotPath}: expected ${matcher.exists ? 'present' : 'absent'}, got ${present ? show(actual) : 'absent'}`;
  if (matcher.exists === false) return null;
  const rest = Object.keys(matcher).filter((k) => k !== 'exists');
  if (rest.length > 0 && !present) return `${dotPath}: missing`;
  if (matcher.type !== undefined) {
    const t = jsonType(actual);
    if (!(t === matcher.type || (matcher.type === 'number' && t === 'integer'))) return `${dotPath}: expected a ${matcher.type}, got ${show(actual)}`;
  }
  if (matcher.equals !== undefined && !equalTo(actual, matcher.equals, vars)) return `${dotPath}: expected ${show(matcher.equals)}, got ${show(actual)}`;
  if (matcher.one_of && !matcher.one_of.some((o) => equalTo(actual, o, vars))) return `${dotPath}: expected one of ${show(matcher.one_of)}, got ${show(actual)}`;
  if (matcher.matches !== undefined && !(typeof actual === 'string' && new RegExp(matcher.matches).test(actual))) return `${dotPath}: expected to match /${matcher.matches}/, got ${show(actual)}`;
  if (matcher.min_length !== undefined) {
    const len = typeof actual === 'string' || Array.isArray(actual) ? actual.length : -1;
    if (len < matcher.min_length) return `${dotPath}: expected length >= ${matcher.min_length}, got ${show(actual)}`;
  }
  return null;
}

/** Every mismatch of a body against its matchers. */
export function bodyMismatches(body: unknown, matchers: BodyMatchers, vars: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(matchers).flatMap(([p, m]) => mismatch(body, p, m, vars) ?? []);
}

/** The outcome of matching an answer against `expect`: the problems, and the element `some` matched. */
export interface ExpectOutcome {
  problems: string[];
  matched?: unknown;
}

/**
 * Check an HTTP answer against a step's `expect`.
 *
 * @example
 * checkExpect(201, { id: 'u1' }, { status: 201, body: { id: { exists: true } } }, {}).problems; // []
 */
export function checkExpect(status: number, body: unknown, expect: Expect, vars: Readonly<Record<string, unknown>>): ExpectOutcome {
  const problems: string[] = [];
  if (expect.status !== undefined) {
    const allowed = Array.isArray(expect.status) ? expect.status : [expect.status];
    if (!allowed.includes(status)) problems.push(`expected HTTP ${allowed.join(' or ')}, got ${status === 0 ? 'no answer' : `HTTP ${status}`}`);
  }
  if (expect.body) problems.push(...bodyMismatches(body, expect.body, vars));
  let matched: unknown;
  if (expect.some) {
    if (!Array.isArray(body)) problems.push(`expected a list, got ${show(body)}`);
    else {
      const hits = body.filter((el) => bodyMismatches(el, expect.some!.where, vars).length === 0);
      matched = hits[0];
      if (hits.length < expect.some.at_least) problems.push(`expected at least ${expect.some.at_least} element(s) matching ${show(expect.some.where)}, found ${hits.length} of ${body.length}`);
    }
  }
  return { problems, matched };
}
