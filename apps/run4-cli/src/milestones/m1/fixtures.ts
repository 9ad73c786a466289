import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runCheck, type CheckRecord } from '@run4/checks';
import { Parser as AsyncApiParser } from '@asyncapi/parser';
import { validate as validateOpenApi, compileErrors } from '@readme/openapi-parser';
import { parse as parseYaml } from 'yaml';
import { PactV4Schema } from './pact-schema.js';

const REQ = ['R4-M1-003'];

/** The fixture files of seed 001 section 2.8 with what each must contain. */
export const FIXTURES = {
  prd: 'sample_prd.md',
  openapiAuth: 'sample_openapi_auth.yaml',
  openapiOrder: 'sample_openapi_order.yaml',
  asyncapiOrder: 'sample_asyncapi_order.yaml',
  pactAuth: 'sample_pact_auth.json',
} as const;

function readRequired(file: string): string {
  if (!existsSync(file)) throw new Error(`missing file ${file}`);
  return readFileSync(file, 'utf8');
}

/** Validate an OpenAPI 3.1 document with a real parser and check it has the expected paths. */
export async function checkOpenApi(file: string, expectedPaths: string[], id: string): Promise<CheckRecord> {
  return runCheck({ id, name: `OpenAPI 3.1 fixture ${path.basename(file)} is valid`, requirementIds: REQ }, async () => {
    const doc = parseYaml(readRequired(file)) as { openapi?: string; paths?: Record<string, unknown> };
    if (!doc?.openapi?.startsWith('3.1')) return { status: 'FAIL', evidence: `openapi version is ${JSON.stringify(doc?.openapi)}, expected 3.1.x` };
    const result = await validateOpenApi(structuredClone(doc) as never, { resolve: { http: false } } as never);
    if (!result.valid) return { status: 'FAIL', evidence: compileErrors(result).slice(0, 500) };
    const missing = expectedPaths.filter((p) => !(p in (doc.paths ?? {})));
    if (missing.length) return { status: 'FAIL', evidence: `valid OpenAPI ${doc.openapi}, but paths missing: ${missing.join(', ')}` };
    return { status: 'PASS', evidence: `valid OpenAPI ${doc.openapi}; ${Object.keys(doc.paths ?? {}).length} paths incl. ${expectedPaths.join(', ')}` };
  });
}

/** Validate an AsyncAPI 3.0 document with @asyncapi/parser and check the expected messages. */
export async function checkAsyncApi(file: string, expectedMessages: string[], id: string): Promise<CheckRecord> {
  return runCheck({ id, name: `AsyncAPI 3.0 fixture ${path.basename(file)} is valid`, requirementIds: REQ }, async () => {
    const text = readRequired(file);
    const { document, diagnostics } = await new AsyncApiParser().parse(text);
    const errors = diagnostics.filter((d) => d.severity === 0);
    if (!document || errors.length) {
      return { status: 'FAIL', evidence: errors.slice(0, 3).map((d) => `${d.path.join('.')}: ${d.message}`).join('; ') || 'parser returned no document' };
    }
    const version = document.version();
    if (!version.startsWith('3.')) return { status: 'FAIL', evidence: `asyncapi version ${version}, expected 3.x` };
    const names = document.allMessages().all().map((m) => m.name() ?? m.id());
    const missing = expectedMessages.filter((m) => !names.includes(m));
    if (missing.length) return { status: 'FAIL', evidence: `valid AsyncAPI ${version}, but messages missing: ${missing.join(', ')} (found ${names.join(', ')})` };
    return { status: 'PASS', evidence: `valid AsyncAPI ${version}; messages ${names.join(', ')}; ${document.channels().length} channels` };
  });
}

/** Check a Pact V4 file's shape and its consumer/provider names. */
export async function checkPact(file: string, consumer: string, provider: string, id: string): Promise<CheckRecord> {
  return runCheck({ id, name: `Pact V4 fixture ${path.basename(file)} is valid`, requirementIds: REQ }, () => {
    const parsed = PactV4Schema.safeParse(JSON.parse(readRequired(file)));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { status: 'FAIL', evidence: `${issue.path.join('.') || '(root)'}: ${issue.message}` };
    }
    const pact = parsed.data;
    if (pact.consumer.name !== consumer || pact.provider.name !== provider) {
      return { status: 'FAIL', evidence: `consumer/provider are ${pact.consumer.name}/${pact.provider.name}, expected ${consumer}/${provider}` };
    }
    return { status: 'PASS', evidence: `Pact ${pact.metadata.pactSpecification.version}: ${consumer} → ${provider}, ${pact.interactions.length} interactions` };
  });
}

/** The PRD exists, is substantial, and names the three services and entities. */
export async function checkPrd(file: string, id: string): Promise<CheckRecord> {
  return runCheck({ id, name: `sample PRD ${path.basename(file)} covers TaskTracker`, requirementIds: REQ }, () => {
    const text = readRequired(file);
    const lines = text.split('\n').length;
    const needed = ['auth-service', 'order-service', 'notification-service', 'User', 'Order', 'Notification', 'OrderCreated', 'DF-1', 'DF-5'];
    const missing = needed.filter((w) => !text.includes(w));
    if (missing.length) return { status: 'FAIL', evidence: `${lines} lines; does not mention ${missing.join(', ')}` };
    if (lines < 100) return { status: 'FAIL', evidence: `only ${lines} lines; seed 001 section 2.7 asks for about 300` };
    return { status: 'PASS', evidence: `${lines} lines; names the 3 services, 3 entities, events and data flows` };
  });
}

/**
 * Validate every TaskTracker fixture of seed 001 section 2.8 with real parsers.
 *
 * @example
 * const checks = await checkFixtures('fixtures/tasktracker', 'fixtures/tasktracker/sample_prd.md');
 */
export async function checkFixtures(fixturesDir: string, prdPath: string): Promise<CheckRecord[]> {
  const f = (name: string) => path.join(fixturesDir, name);
  return [
    await checkPrd(prdPath, 'm1.fixture.prd'),
    await checkOpenApi(f(FIXTURES.openapiAuth), ['/register', '/login', '/users/me'], 'm1.fixture.openapi-auth'),
    await checkOpenApi(f(FIXTURES.openapiOrder), ['/orders', '/orders/{id}'], 'm1.fixture.openapi-order'),
    await checkAsyncApi(f(FIXTURES.asyncapiOrder), ['OrderCreated', 'OrderShipped'], 'm1.fixture.asyncapi-order'),
    await checkPact(f(FIXTURES.pactAuth), 'order-service', 'auth-service', 'm1.fixture.pact-auth'),
  ];
}
