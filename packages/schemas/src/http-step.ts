import { z } from 'zod';

/**
 * A matcher for one value in a JSON answer. A plain value (string, number,
 * boolean, null) must be equal after `{{var}}` substitution; an object gives
 * one or more conditions, all of which must hold.
 *
 * @example
 * ValueMatcherSchema.parse({ one_of: ['email', 'sms'] });
 * ValueMatcherSchema.parse('{{email}}');
 */
export const ValueMatcherSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z
    .object({
      /** The path exists (true) or does not (false). */
      exists: z.boolean().optional(),
      /** JSON type of the value. */
      type: z.enum(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']).optional(),
      /** Equal to one of these (after substitution). */
      one_of: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).min(1).optional(),
      /** A regular expression the string value matches. */
      matches: z.string().optional(),
      /** Minimum length of a string or array. */
      min_length: z.number().int().nonnegative().optional(),
      /** Equal to this value (after substitution); for non-string literals such as numbers from captures. */
      equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    })
    .strict()
    .refine((m) => Object.keys(m).length > 0, 'a matcher needs at least one condition'),
]);
export type ValueMatcher = z.infer<typeof ValueMatcherSchema>;

/** Dot paths (`items.0.sku`, `user.id`) into a JSON body, each with its matcher. */
export const BodyMatchersSchema = z.record(z.string().min(1), ValueMatcherSchema);
export type BodyMatchers = z.infer<typeof BodyMatchersSchema>;

/**
 * What an answer must look like: its status (one or several), matchers on
 * the body, and for an array body `some`: at least `at_least` elements
 * matching `where`.
 */
export const ExpectSchema = z
  .object({
    status: z.union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599)).min(1)]).optional(),
    body: BodyMatchersSchema.optional(),
    some: z
      .object({
        where: BodyMatchersSchema,
        at_least: z.number().int().positive().default(1),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Expect = z.infer<typeof ExpectSchema>;

/**
 * One HTTP request against a live service of the stack under test, as data:
 * used by data flows, pact provider states and the gate's authentication.
 * Strings may hold `{{name}}` variables: earlier captures, the flow-set's
 * `vars`, or generated values `{{$uuid}}`, `{{$random}}`, `{{$now}}`.
 *
 * @example
 * HttpStepSchema.parse({
 *   service: 'accounts-api', method: 'POST', path: '/login',
 *   json: { email: '{{email}}', password: '{{password}}' },
 *   expect: { status: 200, body: { access_token: { type: 'string' } } },
 *   capture: { token: 'access_token' },
 * });
 */
export const HttpStepSchema = z
  .object({
    /** A short label for the evidence (default: method and path). */
    name: z.string().optional(),
    /** The service to call: a generated service name or a Build 1 role's service. */
    service: z.string().min(1),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']),
    /** Path and query, starting with "/". */
    path: z.string().startsWith('/'),
    headers: z.record(z.string(), z.string()).default({}),
    /** A JSON body (variables substituted in every string). */
    json: z.unknown().optional(),
    expect: ExpectSchema.default({}),
    /** Variable name → dot path in the answer body (`$match` is the element `some` matched). */
    capture: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name'), z.string().min(1)).default({}),
    /** Repeat the request until `expect` holds, for at most `within_s` seconds (eventual consistency, events). */
    eventually: z
      .object({
        within_s: z.number().positive().max(3600),
        interval_ms: z.number().int().positive().max(60_000).default(250),
      })
      .strict()
      .optional(),
  })
  .strict();
export type HttpStep = z.infer<typeof HttpStepSchema>;
export type HttpStepInput = z.input<typeof HttpStepSchema>;

/**
 * A cross-service data flow: steps run in order, sharing variables with the
 * steps of every later flow. One check record per flow.
 */
export const DataFlowSchema = z
  .object({
    /** Stable id, used in the check id `m4.flow.<id>`. */
    id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lower case letters, digits, ".", "_" and "-"'),
    name: z.string().min(1),
    /** Seed requirement ids the flow gives evidence for (DF-1, R4-M4-006, ...). */
    requirement_ids: z.array(z.string()).default(['R4-M4-006']),
    steps: z.array(HttpStepSchema).min(1),
  })
  .strict();
export type DataFlow = z.infer<typeof DataFlowSchema>;
