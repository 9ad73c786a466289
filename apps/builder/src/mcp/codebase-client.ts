import { z } from 'zod';
import type { CallOutcome, ToolSession } from './tool-session.js';

/** `find_definition` answer (null when not found). */
export const DefinitionSchema = z.looseObject({ file_path: z.string(), line_start: z.number(), line_end: z.number().optional(), kind: z.string(), signature: z.string().nullable().optional() });

/** `find_dependencies` answer. */
export const DependencySchema = z.looseObject({
  imports: z.array(z.string()).default([]),
  imported_by: z.array(z.string()).default([]),
  transitive_deps: z.array(z.string()).default([]),
  circular_deps: z.array(z.array(z.string())).default([]),
});
export type DependencyResult = z.infer<typeof DependencySchema>;

/** `register_artifact` answer. */
export const ArtifactSchema = z.looseObject({ indexed: z.boolean(), symbols_found: z.number().default(0), dependencies_found: z.number().default(0), errors: z.array(z.string()).default([]) });
export type ArtifactResult = z.infer<typeof ArtifactSchema>;

const rows = z.array(z.record(z.string(), z.unknown()));
const noDeps: DependencyResult = { imports: [], imported_by: [], transitive_deps: [], circular_deps: [] };

/**
 * CodebaseIntelligenceClient of seed 003 section 2.2: the seven methods
 * with the same retry policy and safe defaults as the ContractEngineClient.
 *
 * @example
 * const ci = new CodebaseIntelligenceClient(session);
 * (await ci.registerArtifact('/tmp/b/order-service/src/handlers.js', 'order-service')).value.indexed;
 */
export class CodebaseIntelligenceClient {
  constructor(private readonly session: ToolSession) {}

  findDefinition(symbol: string, language?: string): Promise<CallOutcome<z.infer<typeof DefinitionSchema> | null>> {
    return this.session.call('find_definition', { symbol, ...(language ? { language } : {}) }, DefinitionSchema.nullable(), null);
  }

  findCallers(symbol: string, maxResults = 50): Promise<CallOutcome<Record<string, unknown>[]>> {
    return this.session.call('find_callers', { symbol, max_results: maxResults }, rows, []);
  }

  findDependencies(filePath: string): Promise<CallOutcome<DependencyResult>> {
    return this.session.call('find_dependencies', { file_path: filePath }, DependencySchema, noDeps);
  }

  searchSemantic(query: string, options: { language?: string; serviceName?: string; nResults?: number } = {}): Promise<CallOutcome<Record<string, unknown>[]>> {
    const args = { query, n_results: options.nResults ?? 10, ...(options.language ? { language: options.language } : {}), ...(options.serviceName ? { service_name: options.serviceName } : {}) };
    return this.session.call('search_semantic', args, rows, []);
  }

  getServiceInterface(serviceName: string): Promise<CallOutcome<Record<string, unknown>>> {
    return this.session.call('get_service_interface', { service_name: serviceName }, z.record(z.string(), z.unknown()), {});
  }

  checkDeadCode(serviceName?: string): Promise<CallOutcome<Record<string, unknown>[]>> {
    return this.session.call('check_dead_code', serviceName ? { service_name: serviceName } : {}, rows, []);
  }

  registerArtifact(filePath: string, serviceName: string): Promise<CallOutcome<ArtifactResult>> {
    return this.session.call('register_artifact', { file_path: filePath, service_name: serviceName }, ArtifactSchema, { indexed: false, symbols_found: 0, dependencies_found: 0, errors: [] });
  }
}
