import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStateSchema } from '../src/state.js';
import { builderDir, http, newSecret, removeScratch, runCli, scratch, startService, TASKTRACKER, type RunningService } from './support.js';

// The User model is on the response path of the generated auth-service, not
// dead code: what its toJSON() returns is what a client receives.
describe('the generated auth-service answers through its User model', () => {
  let root: string;
  let dir: string;
  let svc: RunningService | undefined;

  beforeAll(async () => {
    root = await scratch('models-live');
    dir = await builderDir(root, 'auth-service', { openapi: join(TASKTRACKER, 'sample_openapi_auth.yaml') });
    const run = await runCli(['--cwd', dir, '--depth', 'quick']);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
  });

  afterAll(async () => {
    await svc?.stop();
    await removeScratch(root);
  });

  it('passes all of its own tests with the model in place', async () => {
    const state = RunStateSchema.parse(JSON.parse(await readFile(join(dir, '.agent-team/STATE.json'), 'utf8')));
    expect(state.summary.test_total).toBeGreaterThan(0);
    expect(state.summary.test_passed).toBe(state.summary.test_total);
  });

  it('register and current-user responses change when the model view changes', async () => {
    const file = join(dir, 'src/models/user.js');
    const source = await readFile(file, 'utf8');
    expect(source).toContain('    return out;\n');
    await writeFile(file, source.replace('    return out;\n', "    return { ...out, email: 'seen-by-model@example.com' };\n"));
    const secret = newSecret();
    svc = await startService(dir, { JWT_SECRET: secret });
    const creds = { email: `live-${Date.now()}@example.com`, password: 'correct-horse-battery' };
    const registered = await http(`${svc.url}/register`, 'POST', creds);
    expect(registered.status).toBe(201);
    expect(registered.json).toMatchObject({ email: 'seen-by-model@example.com' });
    expect(registered.json).not.toHaveProperty('password_hash');
    const login = await http(`${svc.url}/login`, 'POST', creds);
    const me = await http(`${svc.url}/users/me`, 'GET', undefined, { authorization: `Bearer ${String((login.json as Record<string, unknown>).access_token)}` });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ id: (registered.json as Record<string, unknown>).id, email: 'seen-by-model@example.com' });
  });
});
