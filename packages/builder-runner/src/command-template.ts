import { parseCommandString } from 'execa';
import { CommandTemplateError } from './errors.js';

/** The seed's builder command (seed 003 section 4.1). */
export const DEFAULT_BUILDER_COMMAND = 'python -m agent_team --cwd {dir} --depth {depth}';

/** Placeholders a command template may use. */
export const TEMPLATE_PLACEHOLDERS = ['dir', 'depth', 'service'] as const;
export type TemplateValues = Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string> & Record<string, string>;

/**
 * Expand a command template into `[file, ...args]`. A string template is
 * split like execa's `parseCommandString` (spaces separate, `\ ` escapes) and
 * placeholders are substituted per argument afterwards, so a `{dir}` with
 * spaces stays one argument and nothing goes through a shell.
 *
 * @example
 * expandCommandTemplate('node cli.js --cwd {dir} --depth {depth}', { dir: '/tmp/a b', depth: 'quick', service: 's' });
 * // ['node', 'cli.js', '--cwd', '/tmp/a b', '--depth', 'quick']
 */
export function expandCommandTemplate(template: string | readonly string[], values: TemplateValues): string[] {
  const label = typeof template === 'string' ? template : JSON.stringify(template);
  const tokens = typeof template === 'string' ? parseCommandString(template) : [...template];
  if (tokens.length === 0 || tokens[0] === '') {
    throw new CommandTemplateError(`builder command template is empty: ${label}; give e.g. "${DEFAULT_BUILDER_COMMAND}"`, { template: label });
  }
  return tokens.map((token) =>
    token.replace(/\{([A-Za-z_]+)\}/g, (match, name: string) => {
      const value = values[name];
      if (value === undefined) {
        throw new CommandTemplateError(
          `builder command template ${label} uses unknown placeholder ${match}; known: ${Object.keys(values)
            .map((k) => `{${k}}`)
            .join(', ')}`,
          { template: label },
        );
      }
      return value;
    }),
  );
}
