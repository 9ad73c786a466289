import { check, type CheckRecord } from '@run4/checks';
import { validateToolName } from '@modelcontextprotocol/sdk/shared/toolNameValidation.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { compileStrict } from '../json-schema.js';

/**
 * Inventory check: the listed tool names equal the expected list exactly
 * (when a profile gives one), else a record of what was listed.
 *
 * @example
 * checkToolNames('architect', tools, ['decompose', 'get_service_map', 'get_contracts_for_service', 'get_domain_model'], ['B1-12']);
 */
export function checkToolNames(server: string, tools: readonly Tool[], expected: readonly string[] | undefined, requirementIds: string[]): CheckRecord {
  const names = tools.map((t) => t.name);
  const id = `mcp.${server}.inventory`;
  const title = `${server}: tool inventory`;
  const dupes = names.filter((n, i) => names.indexOf(n) !== i);
  if (!expected) {
    const status = names.length === 0 || dupes.length > 0 ? 'FAIL' : 'PASS';
    const evidence =
      names.length === 0 ? 'server lists no tools' : dupes.length ? `duplicate tool names: ${dupes.join(', ')}` : `${names.length} tools listed: ${names.join(', ')}`;
    return check(id, title, status, evidence, requirementIds, 0, { toolNames: names, toolsCount: names.length });
  }
  const missing = expected.filter((n) => !names.includes(n));
  const extra = names.filter((n) => !expected.includes(n));
  const ok = missing.length === 0 && extra.length === 0 && dupes.length === 0;
  const evidence = ok
    ? `exactly the ${expected.length} expected tools: ${names.join(', ')}`
    : [
        `expected ${expected.length} tools, got ${names.length}`,
        missing.length ? `missing: ${missing.join(', ')}` : '',
        extra.length ? `unexpected: ${extra.join(', ')}` : '',
        dupes.length ? `duplicates: ${dupes.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ');
  return check(id, title, ok ? 'PASS' : 'FAIL', evidence, requirementIds, 0, { toolNames: names, toolsCount: names.length, expected: [...expected] });
}

/**
 * Every tool name in SEP-986 form (1-128 chars of A-Z a-z 0-9 _ - .).
 *
 * @example
 * checkToolNameFormat('everything', tools);
 */
export function checkToolNameFormat(server: string, tools: readonly Tool[]): CheckRecord {
  const bad: string[] = [];
  const warnings: string[] = [];
  for (const t of tools) {
    const r = validateToolName(t.name);
    if (!r.isValid) bad.push(`"${t.name}": ${r.warnings.join(' ')}`);
    else if (r.warnings.length) warnings.push(`"${t.name}": ${r.warnings.join(' ')}`);
  }
  const status = bad.length ? 'FAIL' : warnings.length ? 'WARN' : 'PASS';
  const evidence = bad.length ? `names not in SEP-986 form: ${bad.join('; ')}` : warnings.length ? warnings.join('; ') : `all ${tools.length} names in SEP-986 form`;
  return check(`mcp.${server}.tool-names`, `${server}: tool names in SEP-986 form`, status, evidence, ['R4-M2-001']);
}

/**
 * Every inputSchema and outputSchema compiles as JSON Schema in Ajv strict
 * mode, and inputSchema is an object schema (as MCP requires).
 *
 * @example
 * checkToolSchemas('everything', tools);
 */
export function checkToolSchemas(server: string, tools: readonly Tool[]): CheckRecord {
  const problems: string[] = [];
  let outputs = 0;
  for (const t of tools) {
    if (t.inputSchema?.type !== 'object') problems.push(`${t.name}.inputSchema: type must be "object"`);
    const input = compileStrict(t.inputSchema);
    if (!input.ok) problems.push(`${t.name}.inputSchema: ${input.error}`);
    if (t.outputSchema !== undefined) {
      outputs++;
      const output = compileStrict(t.outputSchema);
      if (!output.ok) problems.push(`${t.name}.outputSchema: ${output.error}`);
    }
  }
  const evidence = problems.length
    ? problems.join('; ')
    : `${tools.length} inputSchemas and ${outputs} outputSchemas compile in Ajv strict mode`;
  return check(`mcp.${server}.schemas`, `${server}: tool schemas are valid JSON Schema`, problems.length ? 'FAIL' : 'PASS', evidence, ['R4-M2-001', 'R4-M2-002']);
}

/**
 * No tool name is offered by two servers (clients address tools by name).
 *
 * @example
 * checkNameCollisions(new Map([['a', toolsA], ['b', toolsB]]));
 */
export function checkNameCollisions(inventories: ReadonlyMap<string, readonly Tool[]>): CheckRecord {
  const owners = new Map<string, string[]>();
  for (const [server, tools] of inventories) for (const t of tools) owners.set(t.name, [...(owners.get(t.name) ?? []), server]);
  const clashes = [...owners].filter(([, s]) => s.length > 1).map(([n, s]) => `${n} (${s.join(', ')})`);
  const total = [...inventories.values()].reduce((sum, t) => sum + t.length, 0);
  return check(
    'mcp.inventory.collisions',
    'no tool name collisions across servers',
    clashes.length ? 'FAIL' : 'PASS',
    clashes.length ? `tool names offered by more than one server: ${clashes.join('; ')}` : `${total} tools across ${inventories.size} servers, all names distinct`,
    ['R4-M2-001'],
    0,
    { totalTools: total },
  );
}
