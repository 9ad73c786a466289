import { z } from 'zod';

/** The parts of a Pact V4 file Run 4 relies on (pact-specification v4). */
export const PactV4Schema = z.object({
  consumer: z.object({ name: z.string().min(1) }),
  provider: z.object({ name: z.string().min(1) }),
  interactions: z
    .array(
      z.object({
        type: z.literal('Synchronous/HTTP'),
        description: z.string().min(1),
        providerStates: z.array(z.object({ name: z.string() })).optional(),
        request: z.object({ method: z.string().min(1), path: z.string().startsWith('/') }).loose(),
        response: z.object({ status: z.number().int().min(100).max(599) }).loose(),
      }).loose(),
    )
    .min(1),
  metadata: z.object({ pactSpecification: z.object({ version: z.string().startsWith('4.') }) }).loose(),
});
export type PactV4 = z.infer<typeof PactV4Schema>;
