import { describe, expect, it } from 'vitest';
import { aggregateScore, evaluateDarkCorners, trafficLight } from '../src/index.js';
import { rec } from './helpers.js';

const allTested = evaluateDarkCorners([
  rec('mcp.race', 'PASS', ['B1-18']),
  rec('dns', 'PASS', ['DC-2']),
  rec('index', 'PASS', ['DC-3']),
  rec('resume', 'PASS', ['DC-4']),
]);

describe('aggregateScore (seed 001 section 6.3)', () => {
  it('weights 0.30 / 0.25 / 0.25 / 0.20', () => {
    expect(aggregateScore({ build1: 90, build2: 80, build3: 70, integration: 60 }, allTested)).toMatchObject({ score: 76.5, capped: false, light: 'YELLOW' });
  });
  it('caps at 85 while a required dark corner is untested, and says why', () => {
    const corners = evaluateDarkCorners([rec('mcp.race', 'PASS', ['B1-18'])]);
    const a = aggregateScore({ build1: 100, build2: 100, build3: 95, integration: 90 }, corners);
    expect(a).toMatchObject({ uncapped: 96.75, score: 85, capped: true, light: 'GREEN' });
    expect(a.capReason).toBe('dark corners not verified (DC-2 UNTESTED, DC-3 UNTESTED, DC-4 UNTESTED): the aggregate cannot exceed 85');
    expect(aggregateScore({ build1: 100, build2: 100, build3: 95, integration: 90 }, allTested).score).toBe(96.75);
  });
  it('caps at 85 when a dark corner was only WARN (exercised with a caveat is not verified)', () => {
    const dnsWarn = evaluateDarkCorners([
      rec('mcp.race', 'PASS', ['B1-18']),
      rec('dns', 'WARN', ['B1-20']),
      rec('index', 'PASS', ['DC-3']),
      rec('resume', 'PASS', ['DC-4']),
    ]);
    expect(dnsWarn.find((d) => d.id === 'DC-2')?.status).toBe('WARN');
    const a = aggregateScore({ build1: 100, build2: 100, build3: 95, integration: 90 }, dnsWarn);
    expect(a).toMatchObject({ uncapped: 96.75, score: 85, capped: true, capReason: 'dark corners not verified (DC-2 WARN): the aggregate cannot exceed 85' });
  });
  it('caps at 85 when a dark corner FAILed, and a PASS beside a WARN is still only WARN', () => {
    const mixed = evaluateDarkCorners([
      rec('mcp.race', 'PASS', ['B1-18']),
      rec('dns', 'PASS', ['DC-2']),
      rec('dns.matrix', 'WARN', ['B1-20']),
      rec('index', 'FAIL', ['DC-3']),
      rec('resume', 'PASS', ['DC-4']),
    ]);
    expect(mixed.map((d) => d.status)).toEqual(['PASS', 'WARN', 'FAIL', 'PASS', 'UNTESTED']);
    expect(aggregateScore({ build1: 100, build2: 100, build3: 100, integration: 100 }, mixed).capReason).toBe('dark corners not verified (DC-2 WARN, DC-3 FAIL): the aggregate cannot exceed 85');
  });
  it('counts an UNTESTED component as 0 and lists it; all UNTESTED is UNTESTED', () => {
    expect(aggregateScore({ build1: 80, build2: null, build3: 80, integration: 80 }, allTested)).toMatchObject({ score: 60, untested: ['build2'] });
    expect(aggregateScore({ build1: null, build2: null, build3: null, integration: null }, allTested)).toMatchObject({ score: null, light: 'UNTESTED' });
  });
});

describe('evaluateDarkCorners', () => {
  it('takes evidence only from checks that exercised the corner', () => {
    const corners = evaluateDarkCorners([rec('dns', 'FAIL', ['B1-20']), rec('race', 'SKIP', ['DC-1'])]);
    expect(corners.map((d) => [d.id, d.status])).toEqual([
      ['DC-1', 'UNTESTED'],
      ['DC-2', 'FAIL'],
      ['DC-3', 'UNTESTED'],
      ['DC-4', 'UNTESTED'],
      ['DC-5', 'UNTESTED'],
    ]);
    expect(corners[2]?.evidence).toBe('UNTESTED: no check exercised this (tags DC-3)');
  });
});

describe('trafficLight (seed 001 section 6.4)', () => {
  it.each([
    [100, 'GREEN'],
    [80, 'GREEN'],
    [79.99, 'YELLOW'],
    [50, 'YELLOW'],
    [49.99, 'RED'],
    [0, 'RED'],
    [null, 'UNTESTED'],
  ] as const)('%s → %s', (score, light) => expect(trafficLight(score)).toBe(light));
});
