import { z } from 'zod';

// Response shapes of the 20 Build 1 tools, from seed 003 section 1. Objects
// are loose (extra fields allowed); listed fields must be present and typed.

const str = z.string();
const nullableStr = z.string().nullable();

export const DecomposeShape = z.looseObject({
  service_map: z.record(z.string(), z.unknown()),
  domain_model: z.record(z.string(), z.unknown()),
  contract_stubs: z.array(z.record(z.string(), z.unknown())),
  validation_issues: z.array(str),
  interview_questions: z.array(str),
});
export const ServiceMapShape = z
  .looseObject({ project_name: str, services: z.array(z.unknown()), generated_at: str, prd_hash: str, build_cycle_id: nullableStr })
  .nullable();
export const ContractsForServiceShape = z.array(
  z.looseObject({ id: str, role: z.enum(['provider', 'consumer']), type: str, counterparty: str, summary: str }),
);
export const DomainModelShape = z.looseObject({ entities: z.array(z.unknown()), relationships: z.array(z.unknown()), generated_at: str }).nullable();

export const CreateContractShape = z.looseObject({ id: str, status: str, spec_hash: str });
export const ValidateSpecShape = z.looseObject({ valid: z.boolean(), errors: z.array(str), warnings: z.array(str) });
export const ContractEntryShape = z.looseObject({ id: str, service_name: str, type: str, version: str });
export const ListContractsShape = z.looseObject({ items: z.array(ContractEntryShape), total: z.number().int(), page: z.number().int(), page_size: z.number().int() });
export const ValidateEndpointShape = z.looseObject({
  valid: z.boolean(),
  violations: z.array(z.looseObject({ field: str, expected: str, actual: str, severity: str })),
});
export const GenerateTestsShape = z.string();
export const BreakingChangesShape = z.array(
  z.looseObject({ change_type: str, path: str, old_value: nullableStr, new_value: nullableStr, severity: str, affected_consumers: z.array(str) }),
);
export const MarkImplementedShape = z.looseObject({ marked: z.boolean(), total_implementations: z.number().int(), all_implemented: z.boolean() });
export const UnimplementedShape = z.array(z.looseObject({ id: str, type: str, version: str, expected_service: str, status: str }));

export const DefinitionShape = z
  .looseObject({ file_path: str, line_start: z.number().int(), line_end: z.number().int(), kind: str, signature: nullableStr, docstring: nullableStr })
  .nullable();
export const CallersShape = z.array(z.looseObject({ file_path: str, line: z.number().int(), caller_name: str }));
export const DependenciesShape = z.looseObject({
  imports: z.array(str),
  imported_by: z.array(str),
  transitive_deps: z.array(str),
  circular_deps: z.array(z.array(str)),
});
export const SemanticResultsShape = z.array(
  z.looseObject({
    chunk_id: str,
    file_path: str,
    symbol_name: nullableStr,
    content: str,
    score: z.number(),
    language: str,
    service_name: nullableStr,
    line_start: z.number().int(),
    line_end: z.number().int(),
  }),
);
export const ServiceInterfaceShape = z.union([
  z.looseObject({
    service_name: str,
    endpoints: z.array(z.unknown()),
    events_published: z.array(z.unknown()),
    events_consumed: z.array(z.unknown()),
    exported_symbols: z.array(z.unknown()),
  }),
  z.object({}).strict(),
]);
export const DeadCodeShape = z.array(
  z.looseObject({ symbol_name: str, file_path: str, kind: str, line: z.number().int(), service_name: nullableStr, confidence: str }),
);
export const ArtifactShape = z.looseObject({ indexed: z.boolean(), symbols_found: z.number().int(), dependencies_found: z.number().int(), errors: z.array(str) });
