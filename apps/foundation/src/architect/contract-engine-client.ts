import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { log } from '../shared/log.js';
import type { ContractStub, ServiceContract } from './schemas.js';

const CONNECT_TIMEOUT_MS = 5_000;
const READ_TIMEOUT_MS = 30_000;

/**
 * The Contract Engine base URL (`CONTRACT_ENGINE_URL`, default http://127.0.0.1:8002).
 *
 * @example
 * contractEngineUrl(); // 'http://127.0.0.1:8002'
 */
export function contractEngineUrl(): string {
  return (process.env.CONTRACT_ENGINE_URL ?? 'http://127.0.0.1:8002').replace(/\/+$/, '');
}

/**
 * One HTTP exchange with a real connect timeout (TCP connection established
 * within 5 s) and read timeout (no socket inactivity for 30 s), as the seed's
 * `httpx.Timeout(connect=5.0, read=30.0)`.
 */
function fetchJson(url: string, init: { method?: string; body?: string } = {}): Promise<{ status: number; body: unknown }> {
  return new Promise((resolvePromise, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: init.method ?? 'GET', headers: init.body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(init.body) } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolvePromise({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
        } catch {
          resolvePromise({ status: res.statusCode ?? 0, body: text });
        }
      });
      res.on('error', reject);
    });
    const connectTimer = setTimeout(() => req.destroy(new Error(`connect timeout after ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
    req.on('socket', (socket) => {
      if (!socket.connecting) clearTimeout(connectTimer);
      else socket.once('connect', () => clearTimeout(connectTimer));
    });
    req.setTimeout(READ_TIMEOUT_MS, () => req.destroy(new Error(`read timeout after ${READ_TIMEOUT_MS} ms`)));
    req.on('error', (err) => {
      clearTimeout(connectTimer);
      reject(err);
    });
    req.on('close', () => clearTimeout(connectTimer));
    req.end(init.body);
  });
}

interface Entry {
  id: string;
  service_name: string;
  type: string;
  version: string;
  spec?: { info?: { title?: string; 'x-consumers'?: unknown } };
}

/**
 * The contracts a service provides (registered under its name) or consumes
 * (listed in another contract's `info.x-consumers`), fetched from the
 * Contract Engine over HTTP. Returns [] and logs a warning when the engine
 * cannot be reached.
 *
 * @example
 * await contractsForService('auth-service'); // [{ id, role: 'provider', type: 'openapi', counterparty: 'order-service', summary }]
 */
export async function contractsForService(service: string): Promise<ServiceContract[]> {
  const base = contractEngineUrl();
  try {
    const out: ServiceContract[] = [];
    const all: Entry[] = [];
    for (let page = 1; page <= 20; page += 1) {
      const { status, body } = await fetchJson(`${base}/api/contracts?page=${page}&page_size=200`);
      if (status !== 200) throw new Error(`GET /api/contracts answered ${status}`);
      const items = ((body as { items?: Entry[] }).items ?? []);
      all.push(...items);
      if (items.length < 200) break;
    }
    for (const c of all) {
      const consumers = Array.isArray(c.spec?.info?.['x-consumers']) ? (c.spec!.info!['x-consumers'] as string[]) : [];
      const title = c.spec?.info?.title ?? `${c.service_name} ${c.type}`;
      if (c.service_name === service) {
        out.push({ id: c.id, role: 'provider', type: c.type, counterparty: consumers.join(', '), summary: `${title} v${c.version} (${c.type}) provided by ${service}` });
      } else if (consumers.includes(service)) {
        out.push({ id: c.id, role: 'consumer', type: c.type, counterparty: c.service_name, summary: `${title} v${c.version} (${c.type}) consumed from ${c.service_name}` });
      }
    }
    return out;
  } catch (err) {
    log('warning', 'architect', 'contract engine unreachable; returning no contracts', { url: base, error: (err as Error).message });
    return [];
  }
}

/**
 * Register decomposition stubs with the Contract Engine (POST /api/contracts).
 * Returns per-stub outcomes; never throws.
 *
 * @example
 * await registerStubs(result.contract_stubs);
 */
export async function registerStubs(stubs: ContractStub[]): Promise<{ service_name: string; type: string; id: string | null; error: string | null }[]> {
  const base = contractEngineUrl();
  const out: { service_name: string; type: string; id: string | null; error: string | null }[] = [];
  for (const stub of stubs) {
    try {
      const { status, body } = await fetchJson(`${base}/api/contracts`, { method: 'POST', body: JSON.stringify(stub) });
      if (status === 201 || status === 200) out.push({ service_name: stub.service_name, type: stub.type, id: (body as { id: string }).id, error: null });
      else out.push({ service_name: stub.service_name, type: stub.type, id: null, error: `HTTP ${status}: ${JSON.stringify(body)}` });
    } catch (err) {
      log('warning', 'architect', 'could not register contract stub', { service: stub.service_name, error: (err as Error).message });
      out.push({ service_name: stub.service_name, type: stub.type, id: null, error: (err as Error).message });
    }
  }
  return out;
}
