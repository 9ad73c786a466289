import { z } from 'zod';

export const EndpointSchema = z.object({
  method: z.string(),
  path: z.string(),
  description: z.string(),
  request_fields: z.array(z.string()),
  response_fields: z.array(z.string()),
  success_status: z.number().int().nullable(),
  /** Error statuses the PRD documents for the endpoint (an Errors column), each documented in the stub. */
  error_statuses: z.array(z.number().int()).default([]),
  /** The PRD's Auth column for the endpoint (e.g. `bearer JWT`, `none`), '' when it has none. */
  auth: z.string().default(''),
});
export type Endpoint = z.infer<typeof EndpointSchema>;

export const StackSchema = z.object({ language: z.string(), framework: z.string(), database: z.string() });
export type Stack = z.infer<typeof StackSchema>;

export const ServiceDefinitionSchema = z.object({
  name: z.string(),
  domain: z.string(),
  description: z.string(),
  stack: StackSchema,
  endpoints: z.array(EndpointSchema),
  entities: z.array(z.string()),
  events_published: z.array(z.string()),
  events_consumed: z.array(z.string()),
  dependencies: z.array(z.string()),
  estimated_loc: z.number().int(),
});
export type ServiceDefinition = z.infer<typeof ServiceDefinitionSchema>;

export const ServiceMapSchema = z.object({
  project_name: z.string(),
  services: z.array(ServiceDefinitionSchema),
  generated_at: z.string(),
  prd_hash: z.string(),
  build_cycle_id: z.string().nullable(),
});
export type ServiceMap = z.infer<typeof ServiceMapSchema>;

export const EntityFieldSchema = z.object({ name: z.string(), type: z.string(), required: z.boolean(), enum_values: z.array(z.string()).optional() });
export type EntityField = z.infer<typeof EntityFieldSchema>;

export const TransitionSchema = z.object({ from_state: z.string(), to_state: z.string(), trigger: z.string() });
export const StateMachineSchema = z.object({
  field: z.string(),
  states: z.array(z.string()),
  initial_state: z.string(),
  transitions: z.array(TransitionSchema),
});
export type StateMachine = z.infer<typeof StateMachineSchema>;

export const DomainEntitySchema = z.object({
  name: z.string(),
  owning_service: z.string(),
  description: z.string(),
  fields: z.array(EntityFieldSchema),
  state_machine: StateMachineSchema.nullable(),
});
export type DomainEntity = z.infer<typeof DomainEntitySchema>;

export const RelationshipSchema = z.object({
  source_entity: z.string(),
  target_entity: z.string(),
  relationship_type: z.string(),
  field: z.string().nullable(),
  description: z.string(),
});
export type DomainRelationship = z.infer<typeof RelationshipSchema>;

export const DomainModelSchema = z.object({
  entities: z.array(DomainEntitySchema),
  relationships: z.array(RelationshipSchema),
  generated_at: z.string(),
});
export type DomainModel = z.infer<typeof DomainModelSchema>;

export const ContractStubSchema = z.object({
  service_name: z.string(),
  type: z.enum(['openapi', 'asyncapi']),
  version: z.string(),
  spec: z.record(z.string(), z.unknown()),
});
export type ContractStub = z.infer<typeof ContractStubSchema>;

export const DecompositionShape = {
  service_map: ServiceMapSchema,
  domain_model: DomainModelSchema,
  contract_stubs: z.array(ContractStubSchema),
  validation_issues: z.array(z.string()),
  interview_questions: z.array(z.string()),
};
export const DecompositionResultSchema = z.object(DecompositionShape);
export type DecompositionResult = z.infer<typeof DecompositionResultSchema>;

export const ServiceContractSchema = z.object({
  id: z.string(),
  role: z.enum(['provider', 'consumer']),
  type: z.string(),
  counterparty: z.string(),
  summary: z.string(),
});
export type ServiceContract = z.infer<typeof ServiceContractSchema>;

/** An event found in the PRD. */
export interface PrdEvent {
  name: string;
  address: string;
  publisher: string;
  consumers: string[];
  fields: { name: string; type: string }[];
}
