import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InterposerConfigError, loadFaultSchedule, parseFaultSchedule, PERMANENT_ERROR_CODE, TRANSIENT_ERROR_CODE } from '../../src/index.js';
import { FaultCounters } from '../../src/interposer/fault-state.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'run4-faults-'));

describe('fault schedule', () => {
  it('fills defaults: transient -32001 and permanent -32602 as JSON-RPC errors, malformed text-not-json, dies by SIGKILL', () => {
    const s = parseFaultSchedule({
      rules: [
        { tool: 'a', fault: { kind: 'transient-error' } },
        { tool: 'a', fault: { kind: 'permanent-error' } },
        { tool: 'a', fault: { kind: 'malformed-result' } },
        { tool: 'a', fault: { kind: 'server-dies' } },
      ],
    });
    expect(s.rules.map((r) => r.fault)).toEqual([
      expect.objectContaining({ as: 'jsonrpc-error', code: TRANSIENT_ERROR_CODE }),
      expect.objectContaining({ as: 'jsonrpc-error', code: PERMANENT_ERROR_CODE }),
      { kind: 'malformed-result', mode: 'text-not-json' },
      { kind: 'server-dies', signal: 'SIGKILL', afterMs: 0 },
    ]);
  });

  it('reads YAML and JSON files', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'f.yaml'), 'startup:\n  unavailable: { first: 2 }\nrules:\n  - tool: get_contract\n    calls: { first: 3 }\n    fault: { kind: delay, ms: 1500 }\n');
    writeFileSync(path.join(dir, 'f.json'), JSON.stringify({ rules: [{ method: 'tools/list', fault: { kind: 'permanent-error' } }] }));
    expect(loadFaultSchedule(path.join(dir, 'f.yaml'))).toMatchObject({ startup: { unavailable: { first: 2, exitCode: 1 } }, rules: [{ tool: 'get_contract', fault: { kind: 'delay', ms: 1500 } }] });
    expect(loadFaultSchedule(path.join(dir, 'f.json')).rules[0]!.method).toBe('tools/list');
  });

  it('rejects a bad schedule with one line naming the file and field (exit 2)', () => {
    const dir = tmp();
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ rules: [{ tool: 'x', calls: { first: 0 }, fault: { kind: 'transient-error' } }] }));
    const error = (() => {
      try {
        loadFaultSchedule(file);
      } catch (e) {
        return e;
      }
    })() as InterposerConfigError;
    expect(error).toBeInstanceOf(InterposerConfigError);
    expect(error.exitCode).toBe(2);
    expect(error.field).toBe('rules.0.calls.first');
    expect(error.message).toContain(file);
    expect(error.message.split('\n')).toHaveLength(1);
    expect(() => parseFaultSchedule({ rules: [{ fault: { kind: 'explode' } }] }, 'x.json')).toThrow(/x\.json: rules\.0\.fault\.kind/);
    expect(() => parseFaultSchedule({ rules: [{ tool: 'a', calls: { from: 3, to: 2 }, fault: { kind: 'delay', ms: 1 } }] })).toThrow(/"to" must be >= "from"/);
    expect(() => parseFaultSchedule({ rules: [{ tool: 'a', method: 'tools/list', fault: { kind: 'delay', ms: 1 } }] })).toThrow(/either "tool" or another "method"/);
    expect(() => parseFaultSchedule({ rule: [] })).toThrow(InterposerConfigError);
    writeFileSync(path.join(dir, 'broken.yaml'), 'rules: [');
    expect(() => loadFaultSchedule(path.join(dir, 'broken.yaml'))).toThrow(/not valid YAML/);
    expect(() => loadFaultSchedule(path.join(dir, 'missing.json'))).toThrow(/cannot read the fault schedule/);
  });
});

describe('fault counters', () => {
  const schedule = parseFaultSchedule({
    startup: { unavailable: { first: 1 } },
    rules: [
      { tool: 'a', calls: { from: 2, to: 3 }, fault: { kind: 'transient-error' } },
      { tool: '*', calls: { first: 1 }, fault: { kind: 'delay', ms: 5 } },
      { method: 'tools/list', fault: { kind: 'permanent-error' } },
    ],
  });
  const call = (tool: string) => ({ method: 'tools/call', tool });

  it('applies the first rule in range, counting every matching rule, and persists counts across instances (processes)', () => {
    const file = path.join(tmp(), 'state.json');
    const c1 = new FaultCounters(schedule, file);
    expect(c1.refusesStart(c1.recordStart())).toBe(true);
    expect(c1.decide(call('a'))).toMatchObject({ rule: 1 }); // a#1: rule 0 out of range, '*'#1 delay
    expect(c1.decide(call('a'))).toMatchObject({ rule: 0 }); // a#2
    const c2 = new FaultCounters(schedule, file); // a new start reads the same file
    expect(c2.refusesStart(c2.recordStart())).toBe(false);
    expect(c2.decide(call('a'))).toMatchObject({ rule: 0 }); // a#3
    expect(c2.decide(call('a'))).toBeUndefined(); // a#4
    expect(c2.decide(call('b'))).toBeUndefined(); // '*'#5
    expect(c2.decide({ method: 'tools/list', tool: undefined })).toMatchObject({ rule: 2 });
    expect(c2.decide({ method: 'ping', tool: undefined })).toBeUndefined();
    expect(c2.snapshot()).toMatchObject({ starts: 2, ruleHits: [4, 5, 1] });
  });

  it('starts afresh when the schedule changes', () => {
    const file = path.join(tmp(), 'state.json');
    new FaultCounters(schedule, file).recordStart();
    const other = parseFaultSchedule({ startup: { unavailable: { first: 1 } } });
    const c = new FaultCounters(other, file);
    expect(c.refusesStart(c.recordStart())).toBe(true);
  });
});
