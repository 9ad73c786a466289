import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStateSchema } from '../src/state.js';
import { builderDir, http, OWN_FIXTURES, removeScratch, runCli, scratch, startService, TASKTRACKER, type RunningService } from './support.js';

// A contract that is not TaskTracker: other paths, a path parameter named
// bookId, PATCH and DELETE, a list wrapper, no /health in the contract, and
// bearer security on one operation only; it consumes the order events of an
// AsyncAPI document although its OpenAPI has no ingest route.
describe('a service built from a non-TaskTracker contract', () => {
  let root: string;
  let dir: string;
  let svc: RunningService | undefined;
  let stderr = '';

  beforeAll(async () => {
    root = await scratch('generic');
    dir = await builderDir(
      root,
      'library-service',
      { openapi: join(OWN_FIXTURES, 'library/openapi.yaml'), asyncapi: join(TASKTRACKER, 'sample_asyncapi_order.yaml') },
      'agent_teams: { enabled: true }',
    );
    await writeFile(join(dir, 'config.yaml'), (await readFile(join(dir, 'config.yaml'), 'utf8')).replace('port: 8080', 'port: 9090'));
    const run = await runCli(['--cwd', dir, '--depth', 'thorough']);
    stderr = run.stderr;
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    svc = await startService(dir, {});
  });

  afterAll(async () => {
    await svc?.stop();
    await removeScratch(root);
  });

  it('passes its own generated tests for every endpoint of the contract', async () => {
    const state = RunStateSchema.parse(JSON.parse(await readFile(join(dir, '.agent-team/STATE.json'), 'utf8')));
    expect(state.summary).toMatchObject({ success: true, convergence_ratio: 1 });
    expect(state.endpoint_test_report).toMatchObject({ total_endpoints: 6, tested_endpoints: 6, passed_endpoints: 6 });
    expect(state.contract_report.verified_contract_ids).toEqual(['library-api', 'order-events']);
    expect(state.unbound_messages).toEqual([]);
    expect(state.agent_teams_active).toBe(false);
    expect(state.agent_teams_fallback).toMatch(/falling back to the CLI backend/);
    expect(stderr).toMatch(/warning: agent-teams backend unavailable/);
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toMatch(/^EXPOSE 9090$/m);
  });

  it('serves the contract endpoints: create, read, patch, list with filter, delete, validation and 404', async () => {
    const url = svc?.url ?? '';
    const book = { title: 'SICP', isbn: '9780262510875', pages: 657, genre: 'science' };
    const created = await http(`${url}/books`, 'POST', book);
    expect(created.status).toBe(201);
    const id = String((created.json as Record<string, unknown>).id);
    expect(created.json).toMatchObject({ ...book, id });
    expect((await http(`${url}/books/${id}`, 'GET')).json).toMatchObject({ title: 'SICP' });
    expect((await http(`${url}/books/${id}`, 'PATCH', { pages: 700 })).json).toMatchObject({ pages: 700 });
    const listed = (await http(`${url}/books?genre=science`, 'GET')).json as unknown as { books: { id: string }[]; total: number };
    expect(listed.total).toBe(1);
    expect(listed.books[0]?.id).toBe(id);
    expect(((await http(`${url}/books?genre=history`, 'GET')).json as unknown as { total: number }).total).toBe(0);
    expect((await http(`${url}/books`, 'POST', { ...book, isbn: '12' })).status).toBe(400);
    expect((await http(`${url}/books`, 'POST', { ...book, extra: true })).status).toBe(400);
    // GET /books/{bookId} documents 404 but neither 400 nor 422.
    expect((await http(`${url}/books/not-a-uuid`, 'GET')).status).toBe(404);
    expect((await http(`${url}/books/00000000-0000-4000-8000-000000000000`, 'GET')).status).toBe(404);
    expect((await http(`${url}/books/${id}`, 'DELETE')).status).toBe(401);
    expect((await http(`${url}/authors`, 'GET')).json).toEqual([]);
    expect((await http(`${url}/health`, 'GET')).json).toEqual({ status: 'healthy', service: 'library-service' });
    expect((await http(`${url}/nowhere`, 'GET')).status).toBe(404);
    expect((await http(`${url}/authors`, 'POST', {})).status).toBe(405);
  });

  it('has its own model classes, Book and Author, imported by the handlers that return them', async () => {
    expect(await readFile(join(dir, 'src/models/book.js'), 'utf8')).toMatch(/^export class Book \{$/m);
    expect(await readFile(join(dir, 'src/models/author.js'), 'utf8')).toMatch(/^export class Author \{$/m);
    const handlers = await readFile(join(dir, 'src/handlers.js'), 'utf8');
    expect(handlers).toContain("import { Book } from './models/book.js';");
    expect(handlers).toContain("import { Author } from './models/author.js';");
    // addBook, getBook, patchBook and the listBooks wrapper answer through Book; listAuthors through Author.
    expect(handlers.match(/Book\.fromRecord\(/g)).toHaveLength(4);
    expect(handlers.match(/Author\.fromRecord\(/g)).toHaveLength(1);
  });

  it('ingests the consumed AsyncAPI messages on the channel server route and validates their payloads', async () => {
    const url = svc?.url ?? '';
    const payload = { order_id: '6f1c2a9e-3b7d-4c5e-9f10-2a3b4c5d6e7f', user_id: '0b8e7d6c-5a4b-4c3d-8e2f-1a0b9c8d7e6f', shipped_at: '2026-01-16T08:00:00Z' };
    const accepted = await http(`${url}/events`, 'POST', { event: 'OrderShipped', payload });
    expect(accepted.status).toBe(202);
    expect(accepted.json).toMatchObject({ accepted: true, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect((await http(`${url}/events`, 'POST', { event: 'OrderShipped', payload: { ...payload, shipped_at: 'yesterday' } })).status).toBe(422);
    expect((await http(`${url}/events`, 'POST', { event: 'BookBurned', payload })).status).toBe(422);
  });
});
