import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { databasePath, openDatabaseOrExit } from '../shared/db.js';
import { registerJsonTool } from '../shared/mcp-tool.js';
import { startMcp } from '../shared/mcp-start.js';
import { contractsForService } from './contract-engine-client.js';
import { decompose } from './decompose.js';
import { DecompositionShape } from './schemas.js';
import { ARCHITECT_SCHEMA_SQL, ArchitectStore } from './store.js';

const SERVICE = 'architect';

/**
 * Register the 4 Architect tools of seed 003 section 1.1.
 *
 * @example
 * registerArchitectTools(server, store);
 */
export function registerArchitectTools(server: McpServer, store: ArchitectStore): void {
  registerJsonTool(server, SERVICE, 'decompose', {
    description: 'Decompose a PRD (Markdown, 10 chars to 1 MB) into a service map, domain model and contract stubs.',
    inputSchema: { prd_text: z.string() },
    outputSchema: DecompositionShape,
  }, ({ prd_text }) => {
    const result = decompose(prd_text);
    store.save(result);
    return result;
  });
  registerJsonTool(server, SERVICE, 'get_service_map', {
    description: 'The service map of the latest decomposition (null when none exists).',
    inputSchema: {},
  }, () => store.serviceMap());
  registerJsonTool(server, SERVICE, 'get_contracts_for_service', {
    description: 'Contracts a service provides or consumes, from the Contract Engine ([] when it is unreachable).',
    inputSchema: { service_name: z.string().min(1) },
  }, ({ service_name }) => contractsForService(service_name));
  registerJsonTool(server, SERVICE, 'get_domain_model', {
    description: 'The domain model of the latest decomposition (null when none exists).',
    inputSchema: {},
  }, () => store.domainModel());
}

const db = openDatabaseOrExit(databasePath('architect.db'), ARCHITECT_SCHEMA_SQL);
await startMcp('Architect', SERVICE, (server) => registerArchitectTools(server, new ArchitectStore(db)), () => db.close());
