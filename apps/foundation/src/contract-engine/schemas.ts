import { z } from 'zod';

export const CONTRACT_TYPES = ['openapi', 'asyncapi', 'json_schema'] as const;
export const ContractTypeSchema = z.enum(CONTRACT_TYPES);
export type ContractType = z.infer<typeof ContractTypeSchema>;

export const SpecSchema = z.record(z.string(), z.unknown());

/** Body of POST /api/contracts and the create_contract arguments. */
export const ContractCreateSchema = z.object({
  service_name: z.string().min(1),
  type: ContractTypeSchema,
  version: z.string().min(1),
  spec: SpecSchema,
  build_cycle_id: z.string().default(''),
});
export type ContractCreate = z.infer<typeof ContractCreateSchema>;

/** One stored contract. */
export const ContractEntrySchema = z.object({
  id: z.string(),
  service_name: z.string(),
  type: ContractTypeSchema,
  version: z.string(),
  spec: SpecSchema,
  spec_hash: z.string(),
  status: z.string(),
  build_cycle_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ContractEntry = z.infer<typeof ContractEntrySchema>;

export const CreateResultShape = { id: z.string(), status: z.string(), spec_hash: z.string() };

export const ValidationResultShape = { valid: z.boolean(), errors: z.array(z.string()), warnings: z.array(z.string()) };
export type ValidationResult = { valid: boolean; errors: string[]; warnings: string[] };

export const ContractListShape = {
  items: z.array(ContractEntrySchema),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
};
export type ContractList = { items: ContractEntry[]; total: number; page: number; page_size: number };

export const ViolationSchema = z.object({ field: z.string(), expected: z.string(), actual: z.string(), severity: z.string() });
export type Violation = z.infer<typeof ViolationSchema>;
export const EndpointValidationShape = { valid: z.boolean(), violations: z.array(ViolationSchema) };

export const BreakingChangeSchema = z.object({
  change_type: z.string(),
  path: z.string(),
  old_value: z.string().nullable(),
  new_value: z.string().nullable(),
  severity: z.string(),
  affected_consumers: z.array(z.string()),
});
export type BreakingChange = z.infer<typeof BreakingChangeSchema>;

export const MarkResultShape = { marked: z.boolean(), total_implementations: z.number().int(), all_implemented: z.boolean() };

export const UnimplementedSchema = z.object({
  id: z.string(),
  type: z.string(),
  version: z.string(),
  expected_service: z.string(),
  status: z.string(),
});
export type Unimplemented = z.infer<typeof UnimplementedSchema>;

export const FRAMEWORKS = ['pytest', 'vitest'] as const;
