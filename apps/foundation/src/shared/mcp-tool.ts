import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { log } from './log.js';

type Shape = z.ZodRawShape;

/** How one tool is declared: description, zod input shape, optional output shape. */
export interface ToolSpec<I extends Shape> {
  description: string;
  inputSchema: I;
  outputSchema?: Shape;
}

/**
 * Register a tool whose handler returns a plain JSON value. The value is sent
 * as JSON text (and as `structuredContent` when an output schema is declared);
 * any thrown error becomes an `isError` result naming the tool, so the server
 * keeps serving.
 *
 * @example
 * registerJsonTool(server, 'svc', 'get_thing', { description: 'x', inputSchema: { id: z.string() } }, ({ id }) => ({ id }));
 */
export function registerJsonTool<I extends Shape>(
  server: McpServer,
  service: string,
  name: string,
  spec: ToolSpec<I>,
  handler: (args: z.infer<z.ZodObject<I>>) => unknown,
): void {
  const cb = async (args: z.infer<z.ZodObject<I>>): Promise<CallToolResult> => {
    try {
      const result = await handler(args);
      const out: CallToolResult = { content: [{ type: 'text', text: JSON.stringify(result ?? null) }] };
      if (spec.outputSchema) out.structuredContent = result as Record<string, unknown>;
      return out;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log('warning', service, `tool ${name} failed`, { error: message });
      return { content: [{ type: 'text', text: `${name} failed: ${message}` }], isError: true };
    }
  };
  // The SDK's overloads cannot follow the generic shape; the runtime contract is the same.
  (server.registerTool as unknown as (n: string, c: unknown, h: unknown) => void)(
    name,
    { description: spec.description, inputSchema: spec.inputSchema, outputSchema: spec.outputSchema },
    cb,
  );
}
