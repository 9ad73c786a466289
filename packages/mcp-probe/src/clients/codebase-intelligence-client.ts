import { z } from 'zod';
import { RetryingToolClient } from './base-client.js';
import { DictListSchema, DictSchema, type ArtifactResult, type DefinitionResult, type DependencyResult } from './client-types.js';

const EMPTY_DEFINITION: DefinitionResult = { file: '', line: 0, kind: '', signature: '', found: false };
const EMPTY_DEPENDENCIES: DependencyResult = { imports: [], imported_by: [], transitive_deps: [], circular_deps: [] };
const EMPTY_ARTIFACT: ArtifactResult = { indexed: false, symbols_found: 0, dependencies_found: 0 };

const strings = z.array(z.string()).default([]);

/**
 * Typed client of the Codebase Intelligence MCP server (7 methods, seed 003
 * section 2.2). Never throws; safe defaults on failure.
 *
 * @example
 * const ci = new CodebaseIntelligenceClient(() => McpConnection.open(server).then((c) => sessionFromConnection(c)));
 * const def = await ci.findDefinition('User'); // { file, line, kind, signature, found }
 */
export class CodebaseIntelligenceClient extends RetryingToolClient {
  /** `find_definition` → DefinitionResult (`found: false` when absent or on failure). */
  findDefinition(symbol: string, language?: string): Promise<DefinitionResult> {
    return this.invoke(
      'find_definition',
      { symbol, ...(language ? { language } : {}) },
      (j) => {
        if (j === null) return { ...EMPTY_DEFINITION };
        const d = z.looseObject({ file_path: z.string(), line_start: z.number().int(), kind: z.string(), signature: z.string().nullable().optional() }).parse(j);
        return { file: d.file_path, line: d.line_start, kind: d.kind, signature: d.signature ?? '', found: true };
      },
      () => ({ ...EMPTY_DEFINITION }),
    );
  }

  /** `find_callers` → list, or []. */
  findCallers(symbol: string, maxResults = 50): Promise<Array<Record<string, unknown>>> {
    return this.invoke('find_callers', { symbol, max_results: maxResults }, (j) => DictListSchema.parse(j), () => []);
  }

  /** `find_dependencies` → DependencyResult, or all-empty. */
  findDependencies(filePath: string): Promise<DependencyResult> {
    return this.invoke(
      'find_dependencies',
      { file_path: filePath },
      (j) => z.object({ imports: strings, imported_by: strings, transitive_deps: strings, circular_deps: z.array(z.array(z.string())).default([]) }).parse(j),
      () => ({ ...EMPTY_DEPENDENCIES }),
    );
  }

  /** `search_semantic` → list of results, or []. */
  searchSemantic(query: string, options: { language?: string; serviceName?: string; nResults?: number } = {}): Promise<Array<Record<string, unknown>>> {
    const args: Record<string, unknown> = { query, n_results: options.nResults ?? 10 };
    if (options.language) args.language = options.language;
    if (options.serviceName) args.service_name = options.serviceName;
    return this.invoke('search_semantic', args, (j) => DictListSchema.parse(j), () => []);
  }

  /** `get_service_interface` → dict, or {}. */
  getServiceInterface(serviceName: string): Promise<Record<string, unknown>> {
    return this.invoke('get_service_interface', { service_name: serviceName }, (j) => DictSchema.parse(j), () => ({}));
  }

  /** `check_dead_code` → list, or []. */
  checkDeadCode(serviceName?: string): Promise<Array<Record<string, unknown>>> {
    return this.invoke('check_dead_code', serviceName ? { service_name: serviceName } : {}, (j) => DictListSchema.parse(j), () => []);
  }

  /** `register_artifact` → ArtifactResult, or not-indexed zeros. */
  registerArtifact(filePath: string, serviceName: string): Promise<ArtifactResult> {
    return this.invoke(
      'register_artifact',
      { file_path: filePath, service_name: serviceName },
      (j) => z.object({ indexed: z.boolean(), symbols_found: z.number().int(), dependencies_found: z.number().int() }).loose().parse(j),
      () => ({ ...EMPTY_ARTIFACT }),
    ).then((r) => ({ indexed: r.indexed, symbols_found: r.symbols_found, dependencies_found: r.dependencies_found }));
  }
}
