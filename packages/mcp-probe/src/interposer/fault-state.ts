import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { Fault, FaultRule, FaultSchedule } from './fault-schedule.js';

/**
 * What the interposer remembers between its starts (one file, by default
 * `<trace>.state.json`): how often it started and how many requests each
 * rule matched, so "the first N calls" and "the first N starts" hold across
 * the client's reconnects. A different schedule starts the counts afresh.
 */
export const FaultStateSchema = z
  .object({
    schedule: z.string(),
    starts: z.number().int().min(0),
    ruleHits: z.array(z.number().int().min(0)),
  })
  .strict();
export type FaultState = z.infer<typeof FaultStateSchema>;

/** The fault (if any) that applies to one request, and which rule gave it. */
export interface FaultDecision {
  rule: number;
  fault: Fault;
}

/** A request as the rules see it. */
export interface RequestInfo {
  method: string;
  tool: string | undefined;
}

function scheduleKey(schedule: FaultSchedule): string {
  return createHash('sha256').update(JSON.stringify(schedule)).digest('hex').slice(0, 16);
}

function ruleMatches(rule: FaultRule, req: RequestInfo): boolean {
  if (rule.method !== undefined && rule.method !== 'tools/call') return req.method === rule.method;
  if (req.method !== 'tools/call') return false;
  return rule.tool === undefined || rule.tool === '*' || rule.tool === req.tool;
}

function inRange(rule: FaultRule, n: number): boolean {
  const c = rule.calls;
  if (!c) return true;
  if ('first' in c) return n <= c.first;
  return n >= c.from && (c.to === undefined || n <= c.to);
}

/**
 * The counters of one fault schedule, kept in memory or in a state file
 * (re-read before each update, written by tmp + rename; concurrent starts
 * sharing one file are not locked against each other).
 *
 * @example
 * const counters = new FaultCounters(schedule, 'trace.jsonl.state.json');
 * const start = counters.recordStart();
 * const decision = counters.decide({ method: 'tools/call', tool: 'echo' });
 */
export class FaultCounters {
  private readonly schedule: FaultSchedule;
  private readonly file: string | undefined;
  private readonly key: string;
  private state: FaultState;

  constructor(schedule: FaultSchedule, file?: string) {
    this.schedule = schedule;
    this.file = file;
    this.key = scheduleKey(schedule);
    this.state = this.load();
  }

  private fresh(): FaultState {
    return { schedule: this.key, starts: 0, ruleHits: this.schedule.rules.map(() => 0) };
  }

  private load(): FaultState {
    if (!this.file) return this.state ?? this.fresh();
    try {
      const parsed = FaultStateSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (parsed.success && parsed.data.schedule === this.key && parsed.data.ruleHits.length === this.schedule.rules.length) return parsed.data;
    } catch {
      // missing or unreadable: start afresh
    }
    return this.fresh();
  }

  private save(): void {
    if (!this.file) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.file);
  }

  /** Count one start of the interposer; returns its number (from 1). */
  recordStart(): number {
    this.state = this.load();
    this.state.starts += 1;
    this.save();
    return this.state.starts;
  }

  /** Whether this start (numbered by `recordStart`) must refuse: the server is "unavailable". */
  refusesStart(start: number): boolean {
    const u = this.schedule.startup?.unavailable;
    return u !== undefined && start <= u.first;
  }

  /** Count a request against every rule it matches; the first rule whose range holds gives the fault. */
  decide(req: RequestInfo): FaultDecision | undefined {
    const matching: number[] = [];
    this.schedule.rules.forEach((rule, i) => {
      if (ruleMatches(rule, req)) matching.push(i);
    });
    if (matching.length === 0) return undefined;
    this.state = this.load();
    let decision: FaultDecision | undefined;
    for (const i of matching) {
      const n = (this.state.ruleHits[i] ?? 0) + 1;
      this.state.ruleHits[i] = n;
      const rule = this.schedule.rules[i]!;
      if (!decision && inRange(rule, n)) decision = { rule: i, fault: rule.fault };
    }
    this.save();
    return decision;
  }

  /** Current counts (a copy). */
  snapshot(): FaultState {
    return structuredClone(this.state);
  }
}
