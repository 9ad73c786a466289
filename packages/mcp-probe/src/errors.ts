import { Run4Error } from '@run4/checks';

/** The `.mcp.json` file is missing, not JSON, or has a field of the wrong shape (exit 2). */
export class McpConfigError extends Run4Error {
  readonly file: string;
  readonly field: string | undefined;

  constructor(message: string, options: { file: string; field?: string; cause?: unknown }) {
    super(message, { code: 'MCP_CONFIG_INVALID', exitCode: 2, cause: options.cause });
    this.file = options.file;
    this.field = options.field;
  }
}

/** A server could not be started or did not complete the MCP handshake in time (exit 1). */
export class McpConnectError extends Run4Error {
  readonly server: string;
  readonly timedOut: boolean;

  constructor(message: string, options: { server: string; timedOut?: boolean; cause?: unknown }) {
    super(message, { code: 'MCP_CONNECT_FAILED', exitCode: 1, cause: options.cause });
    this.server = options.server;
    this.timedOut = options.timedOut ?? false;
  }
}

/** A probe option is wrong (unknown server in the filter, bad timeout) (exit 2). */
export class ProbeUsageError extends Run4Error {
  constructor(message: string) {
    super(message, { code: 'PROBE_USAGE', exitCode: 2 });
  }
}
