import { z } from 'zod';

export const SymbolKindSchema = z.enum(['function', 'class', 'method', 'interface', 'type', 'enum', 'constant', 'variable']);
export type SymbolKind = z.infer<typeof SymbolKindSchema>;

/** A symbol definition as returned by get_service_interface and /api/symbols. */
export const SymbolDefinitionSchema = z.object({
  name: z.string(),
  kind: z.string(),
  file_path: z.string(),
  line_start: z.number().int(),
  line_end: z.number().int(),
  signature: z.string().nullable(),
  docstring: z.string().nullable(),
  language: z.string(),
  service_name: z.string().nullable(),
  exported: z.boolean(),
  parent: z.string().nullable(),
});
export type SymbolDefinition = z.infer<typeof SymbolDefinitionSchema>;

/** What one file yields when parsed. */
export interface FileFacts {
  language: 'typescript' | 'javascript' | 'python';
  symbols: ExtractedSymbol[];
  imports: { specifier: string; line: number }[];
  calls: { callee: string; caller: string; line: number }[];
  /** Identifier uses (not definitions): name -> count. */
  refs: Map<string, number>;
  endpoints: { method: string; path: string; handler: string | null; line: number }[];
  events: { direction: 'published' | 'consumed'; name: string; line: number }[];
  isEntrypoint: boolean;
}

export interface ExtractedSymbol {
  name: string;
  kind: SymbolKind;
  line_start: number;
  line_end: number;
  signature: string | null;
  docstring: string | null;
  exported: boolean;
  parent: string | null;
  /** Decorated as a route handler / registered as one. */
  is_handler: boolean;
  content: string;
}
