import { readFile } from 'node:fs/promises';
import { ContractError } from '../errors.js';
import { cleanSchema, contractIdOf, type AsyncApiContract, type ContractMessage, type JsonSchema } from './types.js';

type ParserModule = typeof import('@asyncapi/parser');

async function parserModule(): Promise<ParserModule> {
  // @asyncapi/parser depends on @scarf/scarf, which reports installs unless told not to.
  process.env.SCARF_ANALYTICS ??= 'false';
  return import('@asyncapi/parser');
}

const envNameOf = (serverName: string): string => `${serverName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_URL`;

/**
 * Load an AsyncAPI 2.x/3.x document with @asyncapi/parser and list its
 * messages with the HTTP delivery route (the channel server's `pathname`,
 * else `/events/{address}`) and the environment variable naming the
 * consumer's base URL (`<SERVER_NAME>_URL`, e.g. NOTIFICATION_SERVICE_URL).
 *
 * @example
 * const events = await loadAsyncApi('contracts/asyncapi.yaml');
 * events.messages.map((m) => m.name); // ['OrderCreated', 'OrderShipped']
 */
export async function loadAsyncApi(file: string): Promise<AsyncApiContract> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ContractError(`AsyncAPI contract ${file} not found; check contracts.asyncapi in config.yaml`, file);
  }
  const { Parser } = await parserModule();
  const parser = new Parser();
  const { document, diagnostics } = await parser.parse(text, { source: file });
  const errors = diagnostics.filter((d) => d.severity === 0);
  if (!document || errors.length > 0) {
    const lines = errors.slice(0, 3).map((d) => `${d.path.join('.') || '(root)'}: ${d.message}`);
    throw new ContractError(`${file}: invalid AsyncAPI document: ${lines.join('; ') || 'the parser returned no document'}; fix the contract and re-run`, file);
  }
  const messages: ContractMessage[] = [];
  const seen = new Set<string>();
  for (const op of document.operations().all()) {
    const action = op.action() === 'receive' || op.action() === 'subscribe' ? 'receive' : 'send';
    for (const channel of op.channels().all()) {
      const server = channel.servers().all()[0];
      const pathname = server?.pathname?.() ?? '';
      const address = channel.address() ?? channel.id();
      const route = pathname && pathname !== '/' ? pathname : `/events/${address.replace(/^\/+/, '')}`;
      const targetEnv = server ? envNameOf(server.id()) : 'EVENTS_URL';
      const opMessages = op.messages().all().length > 0 ? op.messages().all() : channel.messages().all();
      for (const message of opMessages) {
        const name = message.name() ?? message.id();
        if (seen.has(`${action}:${name}`)) continue;
        seen.add(`${action}:${name}`);
        messages.push({
          name,
          action,
          channel: channel.id(),
          address,
          route,
          targetEnv,
          payload: cleanSchema(message.payload()?.json() ?? {}) as JsonSchema,
        });
      }
    }
  }
  const info = document.json().info as unknown as Record<string, unknown>;
  return { kind: 'asyncapi', file, id: contractIdOf(info, file), title: String(info?.title ?? file), messages };
}
