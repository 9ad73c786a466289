import type { CheckRecord } from '@run4/checks';

const ICON: Record<CheckRecord['status'], string> = { PASS: 'ok  ', FAIL: 'FAIL', WARN: 'warn', SKIP: 'skip' };

/**
 * Live progress on stderr: milestone, phase, per-item status and elapsed
 * time. Quiet mode prints only failures and milestone lines.
 *
 * @example
 * const p = new Progress({ verbose: true }); p.milestone(2, 'MCP wiring');
 */
export class Progress {
  private readonly started = Date.now();
  readonly verbose: boolean;
  private readonly write: (line: string) => void;

  constructor(options: { verbose?: boolean; write?: (line: string) => void } = {}) {
    this.verbose = options.verbose ?? false;
    this.write = options.write ?? ((line) => process.stderr.write(line + '\n'));
  }

  private stamp(): string {
    const s = Math.floor((Date.now() - this.started) / 1000);
    return `[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}]`;
  }

  milestone(n: number, title: string): void {
    this.write(`${this.stamp()} M${n} ${title}`);
  }

  phase(n: number, phase: string): void {
    this.write(`${this.stamp()} M${n} · ${phase}`);
  }

  info(message: string): void {
    this.write(`${this.stamp()}   ${message}`);
  }

  detail(message: string): void {
    if (this.verbose) this.write(`${this.stamp()}   ${message}`);
  }

  check(record: CheckRecord): void {
    if (this.verbose || record.status === 'FAIL') {
      this.write(`${this.stamp()}   ${ICON[record.status]} ${record.id} — ${record.evidence.split('\n')[0]!.slice(0, 160)}`);
    }
  }

  done(n: number, status: 'PASS' | 'FAIL', message: string): void {
    this.write(`${this.stamp()} M${n} ${status === 'PASS' ? 'passed' : 'FAILED'}: ${message}`);
  }
}
