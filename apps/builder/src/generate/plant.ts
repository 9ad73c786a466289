import { z } from 'zod';
import type { OperationSpec } from '../model/service-model.js';
import { handlerNames } from './emit-handlers.js';
import { propsOf } from '../model/behaviour.js';

/** The seed's plantable violations (seed 001 R4-M4-008). */
export const PLANTABLE = ['HEALTH-001', 'SCHEMA-001', 'LOG-001'] as const;
export const PlantCodeSchema = z.enum(PLANTABLE);
export type PlantCode = z.infer<typeof PlantCodeSchema>;

/** A planted defect as recorded in STATE.json `planted`. */
export const PlantedSchema = z.object({
  code: PlantCodeSchema,
  file: z.string(),
  line: z.number().int().positive().optional(),
  operation: z.string().optional(),
  description: z.string(),
});
export type Planted = z.infer<typeof PlantedSchema>;

export const UNDOCUMENTED_FIELD = 'internal_ref';
const HANDLERS_FILE = 'src/handlers.js';

function lineOf(text: string, needle: string): number | undefined {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  return index >= 0 ? index + 1 : undefined;
}

function functionBodyStart(lines: string[], name: string): number {
  return lines.findIndex((l) => l.startsWith(`export function ${name}(`));
}

/**
 * The operation whose response gets the undocumented field: a read, else a
 * create, else any object response.
 *
 * @example
 * schemaPlantTarget(orderModel.operations)?.key; // 'GET /orders/{id}'
 */
export function schemaPlantTarget(operations: readonly OperationSpec[]): OperationSpec | undefined {
  const objectResponse = (op: OperationSpec) => Object.keys(propsOf(op.responses[String(op.successStatus)])).length > 0 && op.behaviour !== 'health';
  return (
    operations.find((op) => op.behaviour === 'read' && objectResponse(op)) ??
    operations.find((op) => op.behaviour === 'create' && objectResponse(op)) ??
    operations.find(objectResponse)
  );
}

/**
 * Plant SCHEMA-001 and LOG-001 into the text of src/handlers.js (HEALTH-001
 * is planted by leaving the health handler out when emitting). Returns the
 * new text and what was planted, with line numbers.
 *
 * @example
 * const { text, planted } = plantHandlers(source, model.operations, ['LOG-001']);
 */
export function plantHandlers(
  source: string,
  operations: readonly OperationSpec[],
  codes: readonly PlantCode[],
): { text: string; planted: Planted[] } {
  const names = handlerNames(operations);
  const lines = source.split('\n');
  const planted: Planted[] = [];
  if (codes.includes('SCHEMA-001')) {
    const op = schemaPlantTarget(operations);
    const name = op ? names.get(op.key) : undefined;
    const start = name ? functionBodyStart(lines, name) : -1;
    if (op && start >= 0) {
      const at = lines.findIndex((l, i) => i > start && l.includes('const payload = shape(ctx, result);'));
      const field = UNDOCUMENTED_FIELD in propsOf(op.responses[String(op.successStatus)]) ? `${UNDOCUMENTED_FIELD}_x` : UNDOCUMENTED_FIELD;
      lines.splice(at + 1, 0, `  payload.${field} = \`ref-\${Date.now().toString(36)}\`;`);
      planted.push({ code: 'SCHEMA-001', file: HANDLERS_FILE, operation: op.key, description: `response of ${op.key} carries the undocumented field ${field}` });
    }
  }
  if (codes.includes('LOG-001')) {
    const op = operations.find((o) => o.behaviour !== 'health' && names.has(o.key) && functionBodyStart(lines, names.get(o.key) ?? '') >= 0);
    const start = op ? functionBodyStart(lines, names.get(op.key) ?? '') : -1;
    if (op && start >= 0) {
      lines.splice(start + 1, 0, "  console.log('handling request', ctx.op.key, ctx.params);");
      planted.push({ code: 'LOG-001', file: HANDLERS_FILE, operation: op.key, description: `print-style console.log call in the ${op.key} handler` });
    }
  }
  const text = lines.join('\n');
  for (const p of planted) {
    const line = p.code === 'LOG-001' ? lineOf(text, 'console.log(') : lineOf(text, `payload.${UNDOCUMENTED_FIELD}`);
    if (line) p.line = line;
  }
  return { text, planted };
}
