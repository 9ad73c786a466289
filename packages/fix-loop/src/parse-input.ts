import type { z } from 'zod';
import { FixLoopInputError } from './errors.js';

/** Parse `value` with `schema`, or throw {@link FixLoopInputError} naming every bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, source: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new FixLoopInputError(
    source,
    result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`),
  );
}
