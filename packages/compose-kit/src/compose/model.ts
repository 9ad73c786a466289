import { z } from 'zod';

/**
 * The parts of a compose file the kit reads, as one zod schema. The full
 * shape is checked by the compose-spec JSON schema (see validate-schema.ts);
 * this schema types what the kit touches and lets everything else through.
 */
const ListOrDict = z.union([z.array(z.string()), z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))]);

export const ComposeHealthcheckSchema = z.looseObject({
  test: z.union([z.string(), z.array(z.string())]).optional(),
  interval: z.string().optional(),
  timeout: z.string().optional(),
  retries: z.number().optional(),
  start_period: z.string().optional(),
  disable: z.boolean().optional(),
});

export const ComposeServiceSchema = z.looseObject({
  image: z.string().optional(),
  build: z
    .union([
      z.string(),
      z.looseObject({ context: z.string().optional(), dockerfile: z.string().optional(), args: ListOrDict.optional() }),
    ])
    .optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
  environment: ListOrDict.optional(),
  labels: ListOrDict.optional(),
  ports: z.array(z.union([z.string(), z.number(), z.looseObject({ target: z.number().optional(), published: z.union([z.string(), z.number()]).optional(), host_ip: z.string().optional() })])).optional(),
  expose: z.array(z.union([z.string(), z.number()])).optional(),
  volumes: z.array(z.union([z.string(), z.looseObject({ type: z.string().optional(), source: z.string().optional(), target: z.string().optional() })])).optional(),
  networks: z.union([z.array(z.string()), z.record(z.string(), z.unknown())]).optional(),
  depends_on: z.union([z.array(z.string()), z.record(z.string(), z.looseObject({ condition: z.string().optional() }))]).optional(),
  healthcheck: ComposeHealthcheckSchema.optional(),
});
export type ComposeService = z.infer<typeof ComposeServiceSchema>;

export const ComposeFileSchema = z.looseObject({
  version: z.string().optional(),
  services: z.record(z.string(), ComposeServiceSchema).optional(),
  networks: z.record(z.string(), z.unknown()).optional(),
  volumes: z.record(z.string(), z.unknown()).optional(),
});
export type ComposeFile = z.infer<typeof ComposeFileSchema>;

/** Normalise `KEY=value` lists and maps to a string map (null values become ''). */
export function toStringMap(value: z.infer<typeof ListOrDict> | undefined): Record<string, string> {
  if (!value) return {};
  if (Array.isArray(value)) {
    const out: Record<string, string> = {};
    for (const item of value) {
      const eq = item.indexOf('=');
      if (eq === -1) out[item] = '';
      else out[item.slice(0, eq)] = item.slice(eq + 1);
    }
    return out;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** `depends_on` as a map of service → condition. */
export function dependsOnMap(service: ComposeService): Record<string, string> {
  const d = service.depends_on;
  if (!d) return {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((n) => [n, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([n, v]) => [n, v.condition ?? 'service_started']));
}

/** Network names a service joins. */
export function serviceNetworks(service: ComposeService): string[] {
  const n = service.networks;
  if (!n) return [];
  return Array.isArray(n) ? n : Object.keys(n);
}
