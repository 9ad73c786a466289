import { z } from 'zod';

/**
 * One interaction of a Pact file (V3 or V4): the fields every reader needs;
 * everything else (request, response, matching rules, V3 `providerState`)
 * passes through untouched.
 *
 * @example
 * PactInteractionSchema.parse({ description: 'a login', type: 'Synchronous/HTTP', request: { method: 'POST', path: '/login' } });
 */
export const PactInteractionSchema = z.object({ description: z.string(), type: z.string().optional() }).loose();
export type PactInteraction = z.infer<typeof PactInteractionSchema>;

/**
 * A Pact file (pact-specification V3 or V4) as a consumer test writes it:
 * consumer, provider, interactions, metadata. Unknown keys are kept.
 *
 * @example
 * const pact = PactFileSchema.parse(JSON.parse(readFileSync('pacts/order-auth.json', 'utf8')));
 * pact.provider.name; // 'accounts-api'
 */
export const PactFileSchema = z
  .object({
    consumer: z.object({ name: z.string() }),
    provider: z.object({ name: z.string() }),
    interactions: z.array(PactInteractionSchema),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
export type PactFile = z.infer<typeof PactFileSchema>;

/**
 * The same Pact file, narrowed to what a stack profile's sample-app pact
 * must be: pact-specification 4.x, named consumer and provider, at least one
 * interaction, each a `Synchronous/HTTP` request (method, path from `/`) with
 * a response status (100..599).
 *
 * @example
 * const r = PactV4HttpFileSchema.safeParse(pact);
 * if (r.success) r.data.interactions.map((i) => i.request.path); // ['/login', ...]
 */
export const PactV4HttpFileSchema = PactFileSchema.extend({
  consumer: z.object({ name: z.string().min(1) }),
  provider: z.object({ name: z.string().min(1) }),
  interactions: z
    .array(
      PactInteractionSchema.extend({
        type: z.literal('Synchronous/HTTP'),
        description: z.string().min(1),
        providerStates: z.array(z.object({ name: z.string() }).loose()).optional(),
        request: z.object({ method: z.string().min(1), path: z.string().startsWith('/') }).loose(),
        response: z.object({ status: z.number().int().min(100).max(599) }).loose(),
      }),
    )
    .min(1),
  metadata: z.object({ pactSpecification: z.object({ version: z.string().startsWith('4.') }) }).loose(),
});
export type PactV4HttpFile = z.infer<typeof PactV4HttpFileSchema>;
