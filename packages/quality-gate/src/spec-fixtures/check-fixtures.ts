import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { check, runCheck, type CheckRecord } from '@run4/checks';
import { PactV4HttpFileSchema, type StackProfile } from '@run4/schemas';
import { parse as parseYaml } from 'yaml';

const REQ = ['R4-M1-003'];

function readRequired(file: string): string {
  if (!existsSync(file)) throw new Error(`missing file ${file}`);
  return readFileSync(file, 'utf8');
}

/**
 * Validate an OpenAPI 3.1 document with a real parser and check it has the expected paths.
 *
 * @example
 * (await checkOpenApi('contracts/openapi.yaml', ['/orders'], 'fixture.openapi.orders')).status; // 'PASS'
 */
export async function checkOpenApi(file: string, expectedPaths: string[], id: string): Promise<CheckRecord> {
  return runCheck({ id, name: `OpenAPI 3.1 fixture ${path.basename(file)} is valid`, requirementIds: REQ }, async () => {
    const doc = parseYaml(readRequired(file)) as { openapi?: string; paths?: Record<string, unknown> };
    if (!doc?.openapi?.startsWith('3.1')) return { status: 'FAIL', evidence: `openapi version is ${JSON.stringify(doc?.openapi)}, expected 3.1.x` };
    // The parsers load when a fixture is checked, not with every import of the package (the gate never needs them).
    const { validate: validateOpenApi, compileErrors } = await import('@readme/openapi-parser');
    const result = await validateOpenApi(structuredClone(doc) as never, { resolve: { http: false } } as never);
    if (!result.valid) return { status: 'FAIL', evidence: compileErrors(result).slice(0, 500) };
    const missing = expectedPaths.filter((p) => !(p in (doc.paths ?? {})));
    if (missing.length) return { status: 'FAIL', evidence: `valid OpenAPI ${doc.openapi}, but paths missing: ${missing.join(', ')}` };
    return { status: 'PASS', evidence: `valid OpenAPI ${doc.openapi}; ${Object.keys(doc.paths ?? {}).length} paths incl. ${expectedPaths.join(', ')}` };
  });
}

/**
 * Validate an AsyncAPI 3.0 document with @asyncapi/parser and check the expected messages.
 *
 * @example
 * (await checkAsyncApi('contracts/asyncapi.yaml', ['OrderCreated'], 'fixture.asyncapi.orders')).status; // 'PASS'
 */
export async function checkAsyncApi(file: string, expectedMessages: string[], id: string): Promise<CheckRecord> {
  return runCheck({ id, name: `AsyncAPI 3.0 fixture ${path.basename(file)} is valid`, requirementIds: REQ }, async () => {
    const text = readRequired(file);
    const { Parser: AsyncApiParser } = await import('@asyncapi/parser');
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

/** Whether a concrete path (`/orders/42`) matches an OpenAPI template (`/orders/{id}`). */
function pathMatches(template: string, concrete: string): boolean {
  const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
  return re.test(concrete.split('?')[0]!);
}

/**
 * Check a Pact V4 file's shape and that it names `provider` as its provider; `paths` are the provider's documented paths.
 *
 * @example
 * (await checkPact('pacts/web-orders.json', 'orders', 'fixture.pact.orders.web', ['/orders', '/orders/{id}'])).status; // 'PASS'
 */
export async function checkPact(file: string, provider: string, id: string, paths?: readonly string[]): Promise<CheckRecord> {
  return runCheck({ id, name: `Pact V4 fixture ${path.basename(file)} is valid`, requirementIds: REQ }, () => {
    const parsed = PactV4HttpFileSchema.safeParse(JSON.parse(readRequired(file)));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { status: 'FAIL', evidence: `${issue.path.join('.') || '(root)'}: ${issue.message}` };
    }
    const pact = parsed.data;
    if (pact.provider.name !== provider) {
      return { status: 'FAIL', evidence: `provider is ${pact.provider.name}, but the stack profile lists this pact under ${provider}` };
    }
    const undocumented = paths ? pact.interactions.map((i) => i.request.path).filter((p) => !paths.some((t) => pathMatches(t, p))) : [];
    if (undocumented.length) return { status: 'FAIL', evidence: `interactions call paths ${provider}'s OpenAPI does not document: ${[...new Set(undocumented)].join(', ')}` };
    return { status: 'PASS', evidence: `Pact ${pact.metadata.pactSpecification.version}: ${pact.consumer.name} → ${provider}, ${pact.interactions.length} interactions${paths ? ', every path documented by the provider' : ''}` };
  });
}

/**
 * The PRD exists, has substance, and names every service the stack profile gives contracts for.
 *
 * @example
 * (await checkPrd('docs/prd.md', ['orders', 'billing'], 'fixture.prd')).status; // 'PASS'
 */
export async function checkPrd(file: string, services: readonly string[], id: string): Promise<CheckRecord> {
  return runCheck({ id, name: `sample PRD ${path.basename(file)} describes the sample app`, requirementIds: REQ }, () => {
    const text = readRequired(file);
    const lines = text.split('\n').filter((l) => l.trim()).length;
    const missing = services.filter((w) => !text.includes(w));
    if (lines < 10) return { status: 'FAIL', evidence: `only ${lines} non-empty lines: too little for an architect to decompose` };
    if (missing.length) return { status: 'FAIL', evidence: `${lines} lines; does not mention ${missing.join(', ')}, which the stack profile gives contracts for` };
    return { status: 'PASS', evidence: `${lines} lines; names ${services.length ? services.join(', ') : 'its services'}` };
  });
}

/**
 * Validate a stack profile's sample app with real parsers: the PRD, every
 * service's OpenAPI and AsyncAPI contract, and every pact against its
 * provider's OpenAPI paths. Check ids start with `idPrefix`
 * (`<prefix>.prd`, `<prefix>.openapi.<service>`, ...).
 *
 * @example
 * const checks = await checkSampleAppFixtures(profile.sample_app, 'fixture');
 */
export async function checkSampleAppFixtures(app: StackProfile['sample_app'], idPrefix: string): Promise<CheckRecord[]> {
  const services = Object.keys(app.contracts);
  const checks = [await checkPrd(app.prd, services, `${idPrefix}.prd`)];
  for (const [service, c] of Object.entries(app.contracts)) {
    let paths: string[] | undefined;
    if (c.openapi) {
      checks.push(await checkOpenApi(c.openapi, [], `${idPrefix}.openapi.${service}`));
      try {
        paths = Object.keys((parseYaml(readFileSync(c.openapi, 'utf8')) as { paths?: object })?.paths ?? {});
      } catch {
        paths = undefined;
      }
    }
    if (c.asyncapi) checks.push(await checkAsyncApi(c.asyncapi, [], `${idPrefix}.asyncapi.${service}`));
    for (const pact of c.pacts) checks.push(await checkPact(pact, service, `${idPrefix}.pact.${service}.${path.basename(pact, '.json')}`, paths));
  }
  if (services.length === 0) checks.push(check(`${idPrefix}.contracts`, 'sample app contracts', 'SKIP', 'the stack profile gives no contracts: the architect\'s stubs are used in M4', REQ));
  return checks;
}
