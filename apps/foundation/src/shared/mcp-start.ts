import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { VERSION } from './http-app.js';
import { log } from './log.js';

/**
 * Create an McpServer, let `register` add its tools, and serve it over stdio.
 *
 * @example
 * await startMcp('Contract Engine', 'contract-engine', (server) => registerTools(server), () => db.close());
 */
export async function startMcp(title: string, service: string, register: (server: McpServer) => void, onClose: () => void): Promise<void> {
  const server = new McpServer({ name: title, version: VERSION }, { capabilities: { tools: {} } });
  register(server);
  const transport = new StdioServerTransport();
  const close = (): void => {
    onClose();
    process.exit(0);
  };
  process.stdin.on('end', close);
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
  await server.connect(transport);
  log('info', service, 'mcp server ready on stdio');
}
