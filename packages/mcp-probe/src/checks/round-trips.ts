import { check, type CheckRecord, type CheckStatus } from '@run4/checks';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { CallOutcome } from '../connection.js';
import { generateCompatibleInput, generateInput, generateInvalidInput, type GenerateHints, type JsonSchema } from '../input-generator.js';
import { compileStrict, describeErrors } from '../json-schema.js';
import type { DetectionSpec, ProfileContext, ToolSpec } from '../profiles/profile.js';
import type { Scratch } from '../scratch.js';
import type { ServerSession } from '../server-session.js';
import { clip, describeOutcome, resultJson, resultText } from '../tool-result.js';
import { isReadOnly, isRepeatable, type ToolCallDecision } from '../tool-safety.js';

export interface RoundTripOptions {
  callTimeoutMs: number;
  /** Extra valid calls per tool for latency percentiles (tools whose valid call passed). */
  latencySamples: number;
  /** Ids the valid round trip of every tool of this server counts for (e.g. X-01). */
  wiringRequirementIds: string[];
  /** Whether the probe may call this tool, and why (default: called, as a profile tool). */
  decision?: ToolCallDecision;
  /** Where generated path arguments point (reset before each call of a tool that writes). */
  scratch?: Scratch;
}

/** How many optional arguments the probe tries one at a time when a tool rejects them together. */
const MAX_OPTIONAL_PROBES = 8;

const GENERATED_ISERROR_NOTE =
  ' — the generated arguments satisfy the inputSchema, but the tool rejected them: generated data cannot meet preconditions the schema does not state (an existing record, id, file or option combination); give the tool a profile spec for a definite verdict';

function explainGenerated(status: CheckStatus, generated: boolean): string {
  return generated && status === 'WARN' ? GENERATED_ISERROR_NOTE : '';
}

function inputNote(schema: JsonSchema, args: Record<string, unknown>): string {
  const c = compileStrict(schema);
  if (c.ok && !c.validate(args)) return ` (note: these arguments do not satisfy the inputSchema: ${describeErrors(c.validate)})`;
  return '';
}

/** The profile's valid arguments cut down to the properties the inputSchema requires. */
function onlyRequiredOf(args: Record<string, unknown>, schema: JsonSchema): Record<string, unknown> {
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return Object.fromEntries(Object.entries(args).filter(([k]) => required.includes(k)));
}

/** Judge a call that should succeed. Generated inputs may be semantically wrong, so an isError answer to them is WARN. */
function judgeSuccess(outcome: CallOutcome, generated: boolean): CheckStatus {
  if (outcome.kind === 'result') return outcome.result.isError ? (generated ? 'WARN' : 'FAIL') : 'PASS';
  if (outcome.kind === 'protocol-error') return generated ? 'WARN' : 'FAIL';
  return 'FAIL';
}

async function afterCall(session: ServerSession, outcome: CallOutcome): Promise<string> {
  if (session.aborted) return ' (probe aborted)';
  if (outcome.kind !== 'closed' && !session.conn.closed) return '';
  const tail = session.conn.stderr.trim().slice(-300);
  await session.reconnect();
  return ` — the server process died${tail ? ` (stderr: ${clip(tail, 300)})` : ''}; reconnected for the remaining checks`;
}

/**
 * A generated input the tool rejected: if the required arguments alone are
 * accepted, add the optional ones back one at a time and keep those the tool
 * accepts. Returns the largest accepted input and a note naming what the
 * tool refused although the schema allows it, or null when even the
 * required-only input is rejected (the original answer then stands).
 */
async function narrowOptional(
  call: (args: Record<string, unknown>) => Promise<CallOutcome>,
  schema: JsonSchema,
  args: Record<string, unknown>,
  hints: GenerateHints,
): Promise<{ args: Record<string, unknown>; outcome: CallOutcome; note: string } | null> {
  const required = generateInput(schema, 'required', hints);
  const optional = Object.keys(args).filter((k) => !(k in required));
  if (optional.length === 0) return null;
  let outcome = await call(required);
  if (outcome.kind !== 'result' || outcome.result.isError) return null;
  const kept = { ...required };
  const refused: string[] = [];
  for (const key of optional.slice(0, MAX_OPTIONAL_PROBES)) {
    const attempt = await call({ ...kept, [key]: args[key] });
    if (attempt.kind === 'result' && !attempt.result.isError) {
      kept[key] = args[key];
      outcome = attempt;
    } else if (attempt.kind === 'result') {
      refused.push(`${key} (${clip(resultText(attempt.result), 100)})`);
    } else {
      break;
    }
  }
  const note = refused.length
    ? ` (the tool refused optional ${refused.join('; ')} in combination with the other arguments although the inputSchema allows it; valid without them)`
    : ' (the tool refused all optional arguments at once but accepted each one added in turn)';
  return { args: kept, outcome, note };
}

/**
 * A tool's verdict on data the probe planted: each step's call must answer
 * without error and its `verify` must accept the answer; the first step that
 * does not decides the FAIL.
 */
async function checkDetection(
  session: ServerSession,
  id: string,
  label: string,
  detection: DetectionSpec,
  ctx: ProfileContext,
  call: (args: Record<string, unknown>) => Promise<CallOutcome>,
): Promise<CheckRecord> {
  const name = `${label}: ${detection.what}`;
  const seen: string[] = [];
  let ms = 0;
  for (const [i, step] of detection.steps.entries()) {
    await session.ensureAlive();
    const args = step.args(ctx);
    const out = await call(args);
    ms += out.ms;
    const at = `call ${i + 1} ${clip(JSON.stringify(args), 160)}`;
    if (out.kind !== 'result' || out.result.isError) {
      return check(id, name, 'FAIL', `${at} → ${describeOutcome(out)}${await afterCall(session, out)}`, detection.requirementIds, ms);
    }
    const parsed = resultJson(out.result);
    let why: string | null;
    try {
      why = step.verify(parsed, ctx);
    } catch (error) {
      why = `its answer could not be read: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (why !== null) return check(id, name, 'FAIL', `${at}: ${why}; got ${clip(JSON.stringify(parsed), 200)}`, detection.requirementIds, ms);
    seen.push(`${at} → ${clip(JSON.stringify(parsed), 120)}`);
  }
  return check(id, name, detection.steps.length > 0 ? 'PASS' : 'FAIL', seen.join('; ') || 'the profile gives no detection step', detection.requirementIds, ms);
}

/**
 * The round trips of one tool: valid input, only-required input (defaults),
 * invalid-type input (must be `isError`, server must survive), response
 * shape and structuredContent against outputSchema, and the profile's
 * detection steps (the tool's verdict on planted data).
 *
 * @example
 * const records = await roundTripTool(session, tool, build1Profile({ prdText }).servers.architect.specs.decompose, ctx, opts);
 */
export async function roundTripTool(
  session: ServerSession,
  tool: Tool,
  spec: ToolSpec | undefined,
  ctx: ProfileContext,
  opts: RoundTripOptions,
): Promise<CheckRecord[]> {
  const server = session.server.name;
  const base = `mcp.${server}.${tool.name}`;
  const schema = tool.inputSchema as JsonSchema;
  const records: CheckRecord[] = [];
  const generated = spec === undefined;
  const source = generated ? 'generated from inputSchema' : 'from profile';

  if (opts.decision && !opts.decision.called) {
    records.push(check(`${base}.valid`, `${server}/${tool.name}: valid input answers without error`, 'SKIP', opts.decision.reason, ['B1-07', 'R4-M2-002'], 0, { callBasis: opts.decision.basis }));
    return records;
  }

  const taskOnly = (tool as { execution?: { taskSupport?: string } }).execution?.taskSupport === 'required';
  if (taskOnly) {
    const why = 'the tool requires task augmentation (execution.taskSupport = "required"); the probe calls tools directly, so it does not run it';
    records.push(check(`${base}.valid`, `${server}/${tool.name}: valid input answers without error`, 'SKIP', why, ['B1-07', 'R4-M2-002']));
    return records;
  }

  // 1. valid input: the profile's, or generated required-first
  await session.ensureAlive();
  const hints: GenerateHints = generated && opts.scratch ? opts.scratch.hintsFor(tool.name) : {};
  const writes = generated && !isReadOnly(tool);
  const call = (args: Record<string, unknown>) => {
    if (writes) opts.scratch?.reset();
    return session.call(tool.name, args, opts.callTimeoutMs);
  };
  const compatible = spec ? { args: spec.valid(ctx), leftOut: [] } : generateCompatibleInput(schema, hints);
  let validArgs = compatible.args;
  let valid = await call(validArgs);
  let note = compatible.leftOut.length ? ` (optional ${compatible.leftOut.join(', ')} left out: the inputSchema does not allow them together with the rest)` : '';
  if (generated && valid.kind === 'result' && valid.result.isError) {
    const narrowed = await narrowOptional(call, schema, validArgs, hints);
    if (narrowed) [validArgs, valid, note] = [narrowed.args, narrowed.outcome, `${note}${narrowed.note}`];
  }
  const validStatus = judgeSuccess(valid, generated);
  const validDeath = await afterCall(session, valid);
  records.push(
    check(
      `${base}.valid`,
      `${server}/${tool.name}: valid input answers without error`,
      validStatus,
      `valid input ${source} ${clip(JSON.stringify(validArgs), 160)} → ${describeOutcome(valid)}${note}${inputNote(schema, validArgs)}${explainGenerated(validStatus, generated)}${validDeath}; ${opts.decision?.reason ?? 'called'}`,
      ['B1-07', 'R4-M2-002', ...opts.wiringRequirementIds, ...(spec?.requirementIds ?? [])],
      valid.ms,
      { args: validArgs, ...(opts.decision ? { callBasis: opts.decision.basis } : {}) },
    ),
  );
  const validResult = valid.kind === 'result' && !valid.result.isError ? valid.result : undefined;
  const validOk = validResult !== undefined;
  if (validResult) {
    const parsed = resultJson(validResult);
    if (spec?.capture) {
      try {
        spec.capture(parsed, ctx);
      } catch {
        /* shape check below reports a response that lacks what capture needs */
      }
    }
    // 2. response shape (profile)
    if (spec?.shape) {
      const r = spec.shape.safeParse(parsed);
      records.push(
        check(
          `${base}.shape`,
          `${server}/${tool.name}: response has the expected shape`,
          r.success ? 'PASS' : 'FAIL',
          r.success
            ? `response parsed against the profile shape: ${clip(JSON.stringify(parsed), 120)}`
            : `response does not match the expected shape: ${r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '/'} ${i.message}`).join('; ')}; got ${clip(JSON.stringify(parsed), 160)}`,
          ['R4-M2-002', ...opts.wiringRequirementIds],
        ),
      );
    }
    // 3. structuredContent vs outputSchema
    if (tool.outputSchema) {
      const compiled = compileStrict(tool.outputSchema);
      const sc = validResult.structuredContent;
      let status: CheckStatus = 'PASS';
      let evidence = 'structuredContent conforms to the declared outputSchema';
      if (!compiled.ok) [status, evidence] = ['FAIL', `outputSchema does not compile: ${compiled.error}`];
      else if (sc === undefined) [status, evidence] = ['FAIL', 'tool declares an outputSchema but returned no structuredContent'];
      else if (!compiled.validate(sc)) [status, evidence] = ['FAIL', `structuredContent violates the outputSchema: ${describeErrors(compiled.validate)}`];
      records.push(check(`${base}.output-schema`, `${server}/${tool.name}: structuredContent matches outputSchema`, status, evidence, ['R4-M2-002']));
    }
  }

  // 4. only required input
  await session.ensureAlive();
  const reqArgs = spec?.onlyRequired ? spec.onlyRequired(ctx) : spec ? onlyRequiredOf(spec.valid(ctx), schema) : generateInput(schema, 'required', hints);
  const req = await call(reqArgs);
  const reqDeath = await afterCall(session, req);
  const reqStatus = judgeSuccess(req, generated);
  records.push(
    check(
      `${base}.defaults`,
      `${server}/${tool.name}: only required input (defaults) answers`,
      reqStatus,
      `required-only input ${JSON.stringify(reqArgs).length > 200 ? '(large)' : clip(JSON.stringify(reqArgs), 120)} → ${describeOutcome(req)}${explainGenerated(reqStatus, generated)}${reqDeath}`,
      ['R4-M2-002'],
      req.ms,
    ),
  );

  // 5. invalid types
  await session.ensureAlive();
  const badArgs = spec ? (spec.invalid === undefined ? generateInvalidInput(schema) : spec.invalid) : generateInvalidInput(schema, hints);
  if (badArgs === null) {
    records.push(
      check(`${base}.invalid`, `${server}/${tool.name}: invalid input is isError`, 'SKIP', 'the tool declares no typed parameter, so no invalid-type input exists', ['B1-15', 'R4-M2-002']),
    );
  } else {
    const bad = await call(badArgs);
    let status: CheckStatus;
    let evidence = `invalid input ${clip(JSON.stringify(badArgs), 120)} → ${describeOutcome(bad)}`;
    if (bad.kind === 'result' && bad.result.isError) status = 'PASS';
    else if (bad.kind === 'protocol-error') [status, evidence] = ['WARN', `${evidence}; rejected as a JSON-RPC error instead of an isError tool result`];
    else if (bad.kind === 'result') [status, evidence] = ['FAIL', `${evidence}; the tool accepted arguments of the wrong type`];
    else if (bad.kind === 'timeout') [status, evidence] = ['FAIL', `${evidence}; the server hung on invalid input`];
    else status = 'FAIL';
    if (status !== 'FAIL' && !(await session.conn.ping(Math.min(opts.callTimeoutMs, 5000)))) {
      [status, evidence] = ['FAIL', `${evidence}; but the server stopped answering ping afterwards`];
    }
    evidence += await afterCall(session, bad);
    records.push(check(`${base}.invalid`, `${server}/${tool.name}: invalid input is isError, no crash`, status, evidence, ['B1-15', 'R4-M2-002', 'R4-M2-005'], bad.ms));
  }

  // 6. detection: the tool's verdict on data the probe planted
  if (spec?.detects) records.push(await checkDetection(session, `${base}.detects`, `${server}/${tool.name}`, spec.detects, ctx, call));

  // 7. extra samples for latency percentiles (only where repeating the call is harmless)
  if (validOk && (spec ? spec.repeatable !== false : isRepeatable(tool))) {
    for (let i = 0; i < opts.latencySamples; i++) {
      const again = await call(validArgs);
      if (again.kind !== 'result') {
        await afterCall(session, again);
        break;
      }
    }
  }
  return records;
}

/**
 * Calling a tool name the server does not have must give an error (isError
 * or JSON-RPC error), not success, a crash or a hang.
 *
 * @example
 * await checkUnknownTool(session, 5000);
 */
export async function checkUnknownTool(session: ServerSession, callTimeoutMs: number): Promise<CheckRecord> {
  const server = session.server.name;
  await session.ensureAlive();
  const name = `run4_probe_no_such_tool_${Date.now().toString(36)}`;
  const out = await session.call(name, {}, callTimeoutMs);
  const errored = (out.kind === 'result' && out.result.isError) || out.kind === 'protocol-error';
  let status: CheckStatus = errored ? 'PASS' : 'FAIL';
  let evidence = `tools/call "${name}" → ${describeOutcome(out)}`;
  if (errored && !(await session.conn.ping(Math.min(callTimeoutMs, 5000)))) [status, evidence] = ['FAIL', `${evidence}; server stopped answering afterwards`];
  evidence += await afterCall(session, out);
  return check(`mcp.${server}.unknown-tool`, `${server}: unknown tool name gives an error, no crash`, status, evidence, ['B1-16', 'R4-M2-005'], out.ms);
}
