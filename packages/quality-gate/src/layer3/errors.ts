import { ExitCode, Run4Error } from '@run4/checks';

/** Bad input to a scan (missing directory, unknown scanner name): exit code 2. */
export class ScanInputError extends Run4Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'SCAN_INPUT', exitCode: ExitCode.USAGE, cause: options.cause });
  }
}
