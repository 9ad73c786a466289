import { defineFileRule } from '../define-rule.js';
import { dockerStages, instructionLine } from '../docker-stages.js';

export const rule = defineFileRule({
  code: 'DOCKER-005',
  languages: ['dockerfile'],
  message: 'No HEALTHCHECK in the final image: the orchestrator cannot tell a hung service from a healthy one.',
  remediation: 'Add e.g. HEALTHCHECK CMD ["node","-e","fetch(\'http://127.0.0.1:8080/health\').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"].',
  samples: {
    truePositive: [{ path: 's/Dockerfile', content: 'FROM node:20-slim\nUSER node\nCMD ["node", "server.js"]\n' }],
    subtleTruePositive: [
      { path: 's/Dockerfile', content: 'FROM node:20 AS build\nHEALTHCHECK CMD curl -f http://localhost/health\nFROM node:20-slim\nUSER node\n' },
      { path: 's/Dockerfile', content: 'FROM node:20-slim\nHEALTHCHECK NONE\nUSER node\n' },
    ],
    decoys: [
      { path: 's/Dockerfile', content: 'FROM node:20-slim\nUSER node\nHEALTHCHECK --interval=10s CMD ["node","-e","process.exit(0)"]\nCMD ["node", "server.js"]\n' },
    ],
  },
  check(file) {
    const final = file.dockerfile ? dockerStages(file.dockerfile).at(-1) : undefined;
    if (!final) return [];
    const hc = final.instructions.filter((i) => i.getKeyword() === 'HEALTHCHECK').at(-1);
    if (hc && !/^NONE\b/i.test((hc.getArgumentsContent() ?? '').trim())) return [];
    return [{ line: hc ? instructionLine(hc) : instructionLine(final.from) }];
  },
});
