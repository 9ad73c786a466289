import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a fake route answers: a status and a JSON body (or raw text). */
export type FakeAnswer = { status: number; body?: unknown; text?: string };
export type FakeRoute = (req: { method: string; url: string; body: unknown }) => FakeAnswer;

/** A loopback HTTP server answering every request with `route`; returns its base URL and a close function. */
export async function fakeHttp(route: FakeRoute): Promise<{ url: string; close: () => Promise<void>; requests: { method: string; url: string; body: unknown }[] }> {
  const requests: { method: string; url: string; body: unknown }[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const seen = { method: req.method ?? 'GET', url: req.url ?? '/', body: data ? (JSON.parse(data) as unknown) : undefined };
      requests.push(seen);
      const answer = route(seen);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A loopback URL nothing listens on (a port just freed). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
