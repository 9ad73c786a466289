import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { expandCommandTemplate, type TemplateValues } from '../command-template.js';

/**
 * Fill `{name}` placeholders in every string of a config template (the
 * stack profile's `build3.config`). A string that is exactly one
 * placeholder takes the value's type (a number stays a number, null stays
 * null, an object stays an object); inside a longer string a value is its
 * text (an object or list as JSON); unknown placeholders are left as they are, for Build 3 itself
 * (`{dir}`, `{service}` of a builder command).
 *
 * @example
 * fillTemplate({ budget_limit: '{budget}', mcp_config: '{mcp_config}' }, { budget: 0.5, mcp_config: '/x/.mcp.json' });
 * // { budget_limit: 0.5, mcp_config: '/x/.mcp.json' }
 */
export function fillTemplate(template: unknown, values: Record<string, unknown>): unknown {
  if (typeof template === 'string') {
    const whole = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(template);
    if (whole && Object.hasOwn(values, whole[1]!)) return values[whole[1]!];
    // inside a longer string a value is text: an object or list as JSON, not "[object Object]"
    const text = (v: unknown) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v));
    return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name: string) => (Object.hasOwn(values, name) ? text(values[name]) : m));
  }
  if (Array.isArray(template)) return template.map((v) => fillTemplate(v, values));
  if (template && typeof template === 'object') return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillTemplate(v, values)]));
  return template;
}

/**
 * Write a Build 3 config file from the profile's template (YAML).
 *
 * @example
 * writeBuild3Config('/run/m4/build3/config.yaml', { depth: '{depth}' }, { depth: 'standard' });
 */
export function writeBuild3Config(file: string, template: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  const filled = fillTemplate(template, values) as Record<string, unknown>;
  writeFileSync(file, stringify(filled));
  return filled;
}

/**
 * A Build 3 command line: the profile's command template (`{config}`,
 * `{output}`, `{stack}`) with one of the seed's subcommands appended.
 *
 * @example
 * build3Argv('node cli.js -c {config} -o {output}', { config: 'c.yaml', output: 'out', stack: '.' }, ['run', '--prd', 'prd.md']);
 */
export function build3Argv(template: string, values: { config: string; output: string; stack: string }, subcommand: readonly string[]): string[] {
  return [...expandCommandTemplate(template, { ...values, dir: values.output, depth: '', service: '' } as TemplateValues), ...subcommand];
}
