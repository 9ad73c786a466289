import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { check, toJUnitXml } from '../src/index.js';

describe('toJUnitXml', () => {
  const xml = toJUnitXml([
    {
      name: 'm1 <infra>',
      checks: [
        check('ok', 'passes', 'PASS', 'fine', ['R4-M1-001'], 12),
        check('bad', 'fails & "quotes"', 'FAIL', 'expected <4> got 3\u0001', ['B1-12'], 3),
        check('skip', 'skipped', 'SKIP', 'no docker', [], 0),
      ],
    },
  ]);

  it('is well-formed XML even with markup and control characters in evidence', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('maps FAIL to failure and SKIP to skipped with counts on the suite', () => {
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const suite = doc.testsuites.testsuite;
    expect(suite['@_tests']).toBe('3');
    expect(suite['@_failures']).toBe('1');
    expect(suite['@_skipped']).toBe('1');
    const cases = suite.testcase as Array<Record<string, unknown>>;
    expect(cases[1]?.failure).toBeDefined();
    expect(String((cases[1]?.failure as Record<string, string>)['#text'])).toContain('expected <4> got 3');
    expect(cases[2]?.skipped).toBeDefined();
    expect(cases[0]?.failure).toBeUndefined();
  });
});
