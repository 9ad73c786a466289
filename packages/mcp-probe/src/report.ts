import { CheckRecordSchema } from '@run4/checks';
import { z } from 'zod';
import { LatencyStatsSchema } from './latency.js';
import { ToolCallDecisionSchema } from './tool-safety.js';

/** The probe's findings for one server. */
export const ServerReportSchema = z.object({
  name: z.string(),
  transport: z.enum(['stdio', 'http']),
  /** healthy = handshake passed and the inventory matched (or, for `auto`, listed tools). */
  status: z.enum(['healthy', 'unhealthy']),
  error: z.string().optional(),
  serverInfo: z.object({ name: z.string(), version: z.string() }).loose().nullable(),
  startupMs: z.number().nullable(),
  toolNames: z.array(z.string()),
  /** Profile used for this server: `build1` or `auto` (a build1 run falls back to auto for unknown servers). */
  profile: z.string(),
  handshake: z.array(CheckRecordSchema),
  inventory: z.array(CheckRecordSchema),
  roundTrips: z.array(CheckRecordSchema),
  lifecycle: z.array(CheckRecordSchema),
  latencyChecks: z.array(CheckRecordSchema),
  /** Per-tool latency of successful calls, ms. */
  latency: z.record(z.string(), LatencyStatsSchema),
  /** For every listed tool: whether the probe called it, on what basis, and why (not). Absent in reports of older versions. */
  toolCalls: z.array(ToolCallDecisionSchema).default([]),
});
export type ServerReport = z.infer<typeof ServerReportSchema>;

/** The whole probe run: per-server sections plus every check record flat. */
export const ProbeReportSchema = z.object({
  profile: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  aborted: z.boolean(),
  servers: z.array(ServerReportSchema),
  /** Checks that span servers: name collisions, simultaneous sessions, architect → Contract Engine HTTP. */
  crossServer: z.array(CheckRecordSchema),
  /** Every check of the run, in order. */
  checks: z.array(CheckRecordSchema),
  summary: z.object({ total: z.number(), passed: z.number(), failed: z.number(), warned: z.number(), skipped: z.number(), ok: z.boolean() }),
});
export type ProbeReport = z.infer<typeof ProbeReportSchema>;
