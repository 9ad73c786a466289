import { Run4Error } from '@run4/checks';

/** The fault schedule, trace or command given to the interposer is unusable (exit 2). */
export class InterposerConfigError extends Run4Error {
  /** File (or option) at fault. */
  readonly source: string;
  /** Dotted path of the bad field inside `source`, when known. */
  readonly field: string | undefined;

  constructor(message: string, options: { source: string; field?: string; cause?: unknown }) {
    super(message, { code: 'INTERPOSER_CONFIG', exitCode: 2, cause: options.cause });
    this.source = options.source;
    this.field = options.field;
  }
}

/** A trace file line does not match `TraceEntrySchema` (exit 1: the recording is unusable). */
export class TraceFormatError extends Run4Error {
  readonly file: string;
  readonly line: number;

  constructor(message: string, options: { file: string; line: number; cause?: unknown }) {
    super(message, { code: 'TRACE_INVALID', exitCode: 1, cause: options.cause });
    this.file = options.file;
    this.line = options.line;
  }
}
