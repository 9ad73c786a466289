import { databaseOk, databasePath, openDatabaseOrExit } from '../shared/db.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { createHttpApp, jsonBody, startHttp } from '../shared/http-app.js';
import { contractEngineUrl, registerStubs } from './contract-engine-client.js';
import { decompose, MAX_PRD_BYTES } from './decompose.js';
import { ARCHITECT_SCHEMA_SQL, ArchitectStore } from './store.js';

const SERVICE = 'architect';
const db = openDatabaseOrExit(databasePath('architect.db'), ARCHITECT_SCHEMA_SQL);
const store = new ArchitectStore(db);
const app = createHttpApp(SERVICE, () => databaseOk(db), () => ({ contract_engine_url: contractEngineUrl() }));

app.post('/api/decompose', async (c) => {
  const len = Number(c.req.header('content-length') ?? 0);
  if (len > MAX_PRD_BYTES + 4096) return c.json({ detail: `request body is ${len} bytes; prd_text is limited to ${MAX_PRD_BYTES} bytes` }, 413);
  const body = await jsonBody(c);
  if (typeof body.prd_text !== 'string') throw new ValidationError('prd_text: expected a string');
  const result = decompose(body.prd_text);
  store.save(result);
  const registrations = await registerStubs(result.contract_stubs);
  return c.json({ ...result, registered_contracts: registrations }, 201);
});
app.get('/api/service-map', (c) => {
  const map = store.serviceMap();
  if (!map) throw new NotFoundError('no service map yet; POST /api/decompose first');
  return c.json(map);
});
app.get('/api/domain-model', (c) => {
  const model = store.domainModel();
  if (!model) throw new NotFoundError('no domain model yet; POST /api/decompose first');
  return c.json(model);
});

startHttp(app, SERVICE, () => db.close());
