import { z } from 'zod';

export const TrafficLightSchema = z.enum(['GREEN', 'YELLOW', 'RED', 'UNTESTED']);
export type TrafficLight = z.infer<typeof TrafficLightSchema>;

/**
 * Seed 001 section 6.4: GREEN 80-100, YELLOW 50-79, RED 0-49; a score that
 * could not be computed (null) is UNTESTED, never a colour.
 *
 * @example
 * trafficLight(79.99); // 'YELLOW'
 */
export function trafficLight(score: number | null): TrafficLight {
  if (score === null || Number.isNaN(score)) return 'UNTESTED';
  if (score >= 80) return 'GREEN';
  if (score >= 50) return 'YELLOW';
  return 'RED';
}
