import { defineFileRule } from '../define-rule.js';
import { dockerStages, instructionLine } from '../docker-stages.js';

export const rule = defineFileRule({
  code: 'DOCKER-001',
  languages: ['dockerfile'],
  message: 'Container runs as root: the final build stage sets no non-root USER.',
  remediation: 'Add `USER node` (or another non-root user, e.g. `USER 1000:1000`) in the final stage after copying files.',
  samples: {
    truePositive: [{ path: 's/Dockerfile', content: 'FROM node:20-slim\nWORKDIR /app\nCOPY dist ./dist\nCMD ["node", "dist/server.js"]\n' }],
    subtleTruePositive: [
      { path: 's/Dockerfile', content: 'FROM node:20 AS build\nUSER node\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app/dist ./dist\nCMD ["node", "dist/server.js"]\n' },
      { path: 's/Dockerfile.api', content: 'FROM python:3.12-slim\nUSER app\nRUN pip install .\nUSER root\nCMD ["python", "-m", "app"]\n' },
    ],
    decoys: [
      { path: 's/Dockerfile', content: 'FROM node:20 AS build\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app/dist ./dist\nUSER node\nCMD ["node", "dist/server.js"]\n' },
      { path: 's/Dockerfile', content: 'FROM python:3.12-slim\nUSER 1000:1000\nCMD ["python", "-m", "app"]\n' },
    ],
  },
  check(file) {
    const final = file.dockerfile ? dockerStages(file.dockerfile).at(-1) : undefined;
    if (!final) return [];
    const user = final.instructions.filter((i) => i.getKeyword() === 'USER').at(-1);
    const name = user?.getArgumentsContent()?.trim().split(':')[0];
    if (user && name && name !== 'root' && name !== '0') return [];
    return [{ line: user ? instructionLine(user) : instructionLine(final.from) }];
  },
});
