import { z } from 'zod';
import { databaseOk, databasePath, openDatabaseOrExit } from '../shared/db.js';
import { ValidationError } from '../shared/errors.js';
import { createHttpApp, jsonBody, startHttp, zodMessage } from '../shared/http-app.js';
import { ContractCreateSchema, ContractTypeSchema, FRAMEWORKS, SpecSchema } from './schemas.js';
import { ContractService } from './service.js';
import { preloadParsers } from './validate-spec.js';
import { CONTRACT_SCHEMA_SQL, ContractStore } from './store.js';

const SERVICE = 'contract-engine';

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ValidationError(zodMessage(r.error.issues));
  return r.data;
}

const db = openDatabaseOrExit(databasePath('contracts.db'), CONTRACT_SCHEMA_SQL);
const svc = new ContractService(new ContractStore(db));
const app = createHttpApp(SERVICE, () => databaseOk(db));

app.post('/api/contracts', async (c) => {
  const r = await svc.create(parse(ContractCreateSchema, await jsonBody(c)));
  return c.json(r.entry, 201);
});
app.get('/api/contracts', (c) => {
  const q = parse(z.object({
    service_name: z.string().default(''),
    type: z.string().default(''),
    page: z.coerce.number().int().min(1).default(1),
    page_size: z.coerce.number().int().min(1).max(500).default(50),
  }), c.req.query());
  return c.json(svc.list(q.service_name, q.type, q.page, q.page_size));
});
app.get('/api/contracts/:id', (c) => c.json(svc.get(c.req.param('id'))));
app.delete('/api/contracts/:id', (c) => {
  svc.delete(c.req.param('id'));
  return c.body(null, 204);
});
app.post('/api/validate', async (c) => {
  const b = parse(z.object({ spec: SpecSchema, type: ContractTypeSchema }), await jsonBody(c));
  return c.json(await svc.validate(b.spec, b.type));
});
app.post('/api/breaking-changes/:id', async (c) => {
  const b = parse(z.object({ new_spec: SpecSchema }), await jsonBody(c));
  return c.json(svc.breakingChanges(c.req.param('id'), b.new_spec));
});
app.post('/api/implementations/mark', async (c) => {
  const b = parse(z.object({ contract_id: z.string().min(1), service_name: z.string().min(1), evidence_path: z.string().min(1) }), await jsonBody(c));
  return c.json(svc.markImplemented(b.contract_id, b.service_name, b.evidence_path));
});
app.get('/api/implementations/unimplemented', (c) => c.json(svc.unimplemented(c.req.query('service_name') ?? '')));
app.post('/api/validate-endpoint', async (c) => {
  const b = parse(z.object({
    service_name: z.string().min(1), method: z.string().min(1), path: z.string().min(1),
    response_body: z.record(z.string(), z.unknown()), status_code: z.number().int().default(200),
  }), await jsonBody(c));
  return c.json(svc.validateEndpoint(b.service_name, b.method, b.path, b.response_body, b.status_code));
});
const suiteBody = z.object({ framework: z.enum(FRAMEWORKS).default('pytest'), include_negative: z.boolean().default(true) });
app.post('/api/tests/generate/:id', async (c) => {
  const raw = c.req.header('content-length') === '0' ? {} : await jsonBody(c).catch(() => ({}));
  const b = parse(suiteBody, raw);
  const r = svc.generateTests(c.req.param('id'), b.framework, b.include_negative);
  return c.json({ contract_id: r.contract.id, framework: b.framework, include_negative: b.include_negative, test_count: r.count, test_code: r.content, spec_hash: r.contract.spec_hash });
});
app.get('/api/tests/:id', (c) => {
  const framework = parse(z.enum(FRAMEWORKS).default('pytest'), c.req.query('framework'));
  const r = svc.generateTests(c.req.param('id'), framework, true);
  return c.json({ contract_id: r.contract.id, framework, include_negative: true, test_count: r.count, test_code: r.content, spec_hash: r.contract.spec_hash });
});

startHttp(app, SERVICE, () => db.close());
preloadParsers();
