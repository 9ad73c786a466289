// Structured JSON logger: one JSON object per line on stdout. Field values
// whose key names a credential are replaced before writing.
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 };
const REDACTED_KEYS = /pass(word)?|secret|token|authorization|cookie/i;

function redact(value, depth = 0) {
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out = {};
  for (const [key, v] of Object.entries(value)) out[key] = REDACTED_KEYS.test(key) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

/**
 * A logger bound to one service name; `fields` may be an object (merged into
 * the line) or any other value (kept under `detail`), as may several values.
 * @param {string} service
 * @param {string} [level]
 */
export function createLogger(service, level = process.env.LOG_LEVEL || 'info') {
  const threshold = LEVELS[String(level).toLowerCase()] ?? LEVELS.info;
  const write = (lvl, msg, fields) => {
    if (LEVELS[lvl] < threshold) return;
    const extra = fields === undefined ? {} : fields !== null && typeof fields === 'object' && !Array.isArray(fields) ? fields : { detail: fields };
    const line = { ts: new Date().toISOString(), level: lvl, service, msg: String(msg), ...redact(extra) };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  // Extra arguments beyond `fields` are kept together under `detail`.
  const fieldsOf = (rest) => (rest.length <= 1 ? rest[0] : { detail: rest });
  return {
    debug: (msg, ...rest) => write('debug', msg, fieldsOf(rest)),
    info: (msg, ...rest) => write('info', msg, fieldsOf(rest)),
    warn: (msg, ...rest) => write('warn', msg, fieldsOf(rest)),
    error: (msg, ...rest) => write('error', msg, fieldsOf(rest)),
  };
}
