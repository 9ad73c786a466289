import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { HttpStepSchema, StackProfileSchema, ValueMatcherSchema } from '../src/index.js';

const reference = parse(readFileSync(path.resolve(__dirname, '../../../fixtures/tasktracker/run4.stack.yaml'), 'utf8'));

describe('StackProfileSchema', () => {
  it('accepts the reference stack profile with its roles, contracts and flows', () => {
    const p = StackProfileSchema.parse(reference);
    expect(p.build1.roles.contract_engine?.mcp_server).toBe('contract-engine');
    expect(Object.keys(p.sample_app.contracts)).toHaveLength(3);
    expect(p.sample_app.flows.map((f) => f.id)).toEqual(['df-1', 'df-2', 'df-3', 'df-4', 'df-5', 'state-machine']);
    expect(p.services.health_path).toBe('/health');
  });

  it('rejects an unknown Build 1 role, naming it', () => {
    const bad = structuredClone(reference);
    bad.build1.roles.planner = { mcp_server: 'planner' };
    const r = StackProfileSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['planner'], path: ['build1', 'roles'] });
  });

  it('rejects a profile without a builder command', () => {
    const bad = structuredClone(reference);
    delete bad.build2.command;
    expect(StackProfileSchema.safeParse(bad).error!.issues[0]!.path).toEqual(['build2', 'command']);
  });

  it('rejects a step whose path does not start with "/" and an empty matcher', () => {
    expect(HttpStepSchema.safeParse({ service: 'a', method: 'GET', path: 'health' }).success).toBe(false);
    expect(ValueMatcherSchema.safeParse({}).success).toBe(false);
    expect(ValueMatcherSchema.safeParse({ one_of: ['a'] }).success).toBe(true);
  });
});
