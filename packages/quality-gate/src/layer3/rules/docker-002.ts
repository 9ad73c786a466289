import { identifierWords } from '../ast.js';
import { defineFileRule } from '../define-rule.js';
import { instructionLine } from '../docker-stages.js';
import type { RuleFinding } from '../rule.js';
import { j } from '../secret-pattern.js';
import { isPlaceholder, redactLine } from '../secret-values.js';

const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'credentials']);

/** ENV/ARG names that hold secrets: `DB_PASSWORD`, `JWT_SECRET`, `API_KEY`, `PRIVATE_KEY`. */
export function isSecretEnvName(name: string): boolean {
  const w = identifierWords(name);
  const last = w.at(-1) ?? '';
  if (SECRET_WORDS.has(last)) return true;
  return last === 'key' && (w.includes('api') || w.includes('private') || w.includes('secret') || w.includes('access'));
}

export const rule = defineFileRule({
  code: 'DOCKER-002',
  languages: ['dockerfile'],
  redacts: true,
  message: 'Secret baked into the image with ENV/ARG: it is visible in every layer and in `docker inspect`.',
  remediation: 'Pass secrets at run time (environment from compose/orchestrator, Docker secrets, or `RUN --mount=type=secret`).',
  samples: {
    truePositive: [{ path: 's/Dockerfile', content: j('FROM node:20-slim\nENV DB_PASSWORD=', 'hunter22x\nUSER node\n') }],
    subtleTruePositive: [
      { path: 's/Dockerfile', content: j('FROM node:20-slim\nENV DB_HOST=db \\\n    JWT_SECRET=', 'k9Lm2pQ7vX\nUSER node\n') },
      { path: 's/Dockerfile', content: j('FROM python:3.12-slim\nARG API_KEY=', 'a8f5f167f44f4964e6c9\nUSER app\n') },
    ],
    decoys: [
      { path: 's/Dockerfile', content: 'FROM node:20-slim\nARG JWT_SECRET\nENV PASSWORD_FILE=/run/secrets/db_password\nENV TOKEN_TTL=3600\nUSER node\n' },
      { path: 's/Dockerfile', content: 'FROM node:20-slim\nENV JWT_SECRET=${JWT_SECRET} NODE_ENV=production\nUSER node\n' },
    ],
  },
  check(file) {
    if (!file.dockerfile) return [];
    const out: RuleFinding[] = [];
    for (const ins of file.dockerfile.getInstructions()) {
      const kw = ins.getKeyword();
      if (kw !== 'ENV' && kw !== 'ARG') continue;
      const pairs: [string, string][] =
        kw === 'ENV'
          ? (ins as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties().map((p) => [p.getName(), p.getValue() ?? ''])
          : (() => {
              const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(ins.getArgumentsContent()?.trim() ?? '');
              return m?.[1] ? [[m[1], m[2] ?? ''] as [string, string]] : [];
            })();
      const secrets = pairs
        .map(([name, value]) => [name, value.replace(/^["']|["']$/g, '')] as const)
        .filter(([name, value]) => isSecretEnvName(name) && value.length > 0 && !isPlaceholder(value) && !value.startsWith('$') && !value.startsWith('/'))
        .map(([, value]) => value);
      if (secrets.length === 0) continue;
      const start = instructionLine(ins);
      const end = ins.getRange().end.line + 1;
      for (let line = start; line <= end; line++) {
        const text = file.lines[line - 1] ?? '';
        if (secrets.some((s) => text.includes(s))) out.push({ line, snippet: redactLine(text.trim(), secrets) });
      }
    }
    return out;
  },
});
