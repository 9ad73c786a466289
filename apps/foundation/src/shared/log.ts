/** Log level names in increasing severity. */
const LEVELS = ['debug', 'info', 'warning', 'error'] as const;
type Level = (typeof LEVELS)[number];

function threshold(): number {
  const raw = (process.env.LOG_LEVEL ?? 'info').toLowerCase();
  const idx = LEVELS.indexOf((raw === 'warn' ? 'warning' : raw) as Level);
  return idx < 0 ? 1 : idx;
}

/**
 * Write one structured JSON log line to stderr (stdout is the MCP channel).
 *
 * @example
 * log('warning', 'architect', 'contract engine unreachable', { url });
 */
export function log(level: Level, service: string, message: string, extra: Record<string, unknown> = {}): void {
  if (LEVELS.indexOf(level) < threshold()) return;
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level, service, message, ...extra })}\n`,
  );
}
