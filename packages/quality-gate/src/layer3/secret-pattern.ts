import { defineFileRule } from './define-rule.js';
import type { FileRule, RuleFinding, RuleSamples, SourceLanguage } from './rule.js';
import { isPlaceholder, redactLine } from './secret-values.js';

/** Every language: secrets can sit in code, Dockerfiles, compose and config files. */
export const ALL_LANGUAGES: readonly SourceLanguage[] = ['python', 'typescript', 'tsx', 'javascript', 'go', 'java', 'dockerfile', 'compose', 'text'];

/** Join sample fragments so that rule sources never contain a scannable secret themselves. */
export const j = (...parts: string[]): string => parts.join('');

/**
 * Define a value-shaped secret rule (SEC-SECRET-00x): a regex whose group `valueGroup` is the secret,
 * checked line by line, with placeholder filtering and an optional extra validation.
 *
 * @example
 * defineSecretRule({ code: 'SEC-SECRET-011', pattern: /\b(xox[baprs]-[A-Za-z0-9-]{10,})/g, ... });
 */
export function defineSecretRule(spec: {
  code: string;
  pattern: RegExp;
  valueGroup?: number;
  message: string;
  remediation: string;
  samples: RuleSamples;
  languages?: readonly SourceLanguage[];
  validate?: (value: string, match: RegExpExecArray, lines: readonly string[], lineIndex: number) => boolean;
}): FileRule {
  const group = spec.valueGroup ?? 1;
  const flags = spec.pattern.flags.includes('g') ? spec.pattern.flags : `${spec.pattern.flags}g`;
  return defineFileRule({
    code: spec.code,
    languages: spec.languages ?? ALL_LANGUAGES,
    redacts: true,
    message: spec.message,
    remediation: spec.remediation,
    samples: spec.samples,
    check(file) {
      const out: RuleFinding[] = [];
      const re = new RegExp(spec.pattern.source, flags);
      file.lines.forEach((line, i) => {
        if (line.length > 4000) return;
        re.lastIndex = 0;
        const secrets: string[] = [];
        let column = 0;
        for (let m = re.exec(line); m; m = re.exec(line)) {
          const value = m[group] ?? m[0];
          if (isPlaceholder(value) || /EXAMPLE/i.test(value) || /(.)\1{5,}/.test(value)) continue;
          if (spec.validate && !spec.validate(value, m, file.lines, i)) continue;
          secrets.push(value);
          column ||= m.index + 1;
        }
        // The scanner trims the snippet after redacting every secret of the scan in it: cutting it here
        // could leave a half secret that no later redaction recognises.
        if (secrets.length > 0) out.push({ line: i + 1, column, snippet: redactLine(line.trim(), secrets), secrets });
      });
      return out;
    },
  });
}
