import { callArguments, calleeName, calleeText, identifierWords, literalFallback, namedValues, nodesOfType, stringValue } from '../ast.js';
import { defineFileRule } from '../define-rule.js';
import type { RuleFinding } from '../rule.js';
import { j } from '../secret-pattern.js';
import { isPlaceholder, redactLine } from '../secret-values.js';

/** `password`, `db_password`, `adminPwd` — but not `password_hash`, `passwordField`, `min_password_length`. */
export function isPasswordName(name: string): boolean {
  const last = identifierWords(name).at(-1);
  return last === 'password' || last === 'passwd' || last === 'pwd';
}

function isHardcoded(value: string): boolean {
  return value.length >= 4 && !isPlaceholder(value) && !/^[A-Z][A-Z0-9_]+$/.test(value) && !/^\$2[aby]\$|^\$argon2|^pbkdf2/.test(value) && !/\s{2,}|^[\w\s]+:$/.test(value);
}

const TEXT = /^\s*(?:-\s*)?(?:export\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?([^"'\s#]+)["']?\s*(?:#.*)?$/;

export const rule = defineFileRule({
  code: 'SEC-SECRET-007',
  languages: ['python', 'typescript', 'tsx', 'javascript', 'go', 'java', 'compose', 'text'],
  prefilter: /passw|pwd/i,
  redacts: true,
  message: 'Hard-coded password.',
  remediation: 'Read the password from the environment or a secret store; rotate the committed value.',
  samples: {
    truePositive: [
      { path: 'a/db.py', content: j('DB_PASSWORD = "', 'Tr0ub4dor&3"\n') },
      { path: 'a/docker-compose.yml', content: j('services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ', 'hunter22x\n') },
    ],
    subtleTruePositive: [
      { path: 'a/db.ts', content: j("const pool = new Pool({ host: 'db', user: 'app', password: process.env.PGPASSWORD || '", "Sup3rS3cret' });\n") },
      { path: 'a/settings.py', content: j('ADMIN_PASSWORD = os.getenv("ADMIN_PASSWORD", "', 'adm1n-2024")\n') },
    ],
    decoys: [
      { path: 'a/db.py', content: 'password = os.environ["X"]\npassword_hash = "$2b$12$abcdefghijklmnopqrstuv"\nclass User(Base):\n    password_hash: str\nPASSWORD_ENV = "DB_PASSWORD"\n' },
      { path: 'a/.env.example', content: 'DB_PASSWORD=changeme\nADMIN_PASSWORD=<set-me>\nSMTP_PASSWORD=${SMTP_PASSWORD}\n' },
      { path: 'a/form.ts', content: "const label = { password: 'Password:' };\nconst passwordMinLength = '12';\n" },
    ],
  },
  check(file) {
    const hits: { line: number; value: string }[] = [];
    if (file.tree) {
      for (const { name, value } of namedValues(file.tree)) {
        if (!isPasswordName(name)) continue;
        const lit = literalFallback(value) ?? value;
        const v = stringValue(lit);
        if (v !== undefined && isHardcoded(v)) hits.push({ line: lit.startPosition.row + 1, value: v });
      }
      for (const call of nodesOfType(file.tree, ['call'])) {
        const args = callArguments(call);
        if ((calleeName(call) === 'getenv' || (calleeName(call) === 'get' && /environ/.test(calleeText(call)))) && args[1] && isPasswordName(stringValue(args[0]) ?? '')) {
          const v = stringValue(args[1]);
          if (v !== undefined && isHardcoded(v)) hits.push({ line: args[1].startPosition.row + 1, value: v });
        }
      }
    } else {
      file.lines.forEach((line, i) => {
        const m = TEXT.exec(line);
        if (m?.[1] && m[2] && isPasswordName(m[1]) && isHardcoded(m[2])) hits.push({ line: i + 1, value: m[2] });
      });
    }
    return hits.map(({ line, value }): RuleFinding => ({ line, snippet: redactLine((file.lines[line - 1] ?? '').trim(), [value]) }));
  },
});
