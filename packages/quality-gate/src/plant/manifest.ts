import { z } from 'zod';

/** The seed's deliberate violations (seed 001 R4-M4-008): a missing /health, a response field not in the contract, a print(). */
export const PLANT_CODES = ['HEALTH-001', 'SCHEMA-001', 'LOG-001'] as const;
export const PlantCodeSchema = z.enum(PLANT_CODES);
export type PlantCode = z.infer<typeof PlantCodeSchema>;

/** The languages a service can be planted in. */
export const PlantLanguageSchema = z.enum(['python', 'javascript', 'typescript']);
export type PlantLanguage = z.infer<typeof PlantLanguageSchema>;

/** One planted violation, or why it could not be planted (`planted: false`, never faked). */
export const PlantedItemSchema = z.object({
  code: PlantCodeSchema,
  planted: z.boolean(),
  /** The gate layer that must catch it: Layer 3 reads the code (HEALTH-001, LOG-001), Layer 2 the live responses (SCHEMA-001). */
  layer: z.enum(['layer2', 'layer3']),
  /** File (relative to the service directory, `/`-separated) and 1-based line of the planted edit; empty/0 when not planted. */
  file: z.string().default(''),
  line: z.number().int().min(0).default(0),
  /** Every file the plant edited (HEALTH-001 renames each health route binding). */
  files: z.array(z.string()).default([]),
  /** What was planted, or why it could not be. */
  detail: z.string().min(1),
  /** SCHEMA-001: the undeclared response field. */
  field: z.string().optional(),
});
export type PlantedItem = z.infer<typeof PlantedItemSchema>;

/** What `plantViolations` did to one service directory. */
export const PlantManifestSchema = z.object({
  service: z.string().min(1),
  /** The (copied) service directory that was edited. */
  dir: z.string().min(1),
  language: PlantLanguageSchema.nullable(),
  items: z.array(PlantedItemSchema),
});
export type PlantManifest = z.infer<typeof PlantManifestSchema>;
