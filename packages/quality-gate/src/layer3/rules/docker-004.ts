import { defineFileRule } from '../define-rule.js';
import { instructionLine, shippedStages } from '../docker-stages.js';

export const rule = defineFileRule({
  code: 'DOCKER-004',
  languages: ['dockerfile'],
  message: 'Broad COPY/ADD of the whole build context: secrets, .git and local files end up in the image.',
  remediation: 'Copy only what the image needs (package.json, dist/, src/) and keep a .dockerignore.',
  samples: {
    truePositive: [{ path: 's/Dockerfile', content: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nUSER node\n' }],
    subtleTruePositive: [
      { path: 's/Dockerfile', content: 'FROM python:3.12-slim\nADD ./ /srv/app/\nUSER app\n' },
      { path: 's/Dockerfile', content: 'FROM node:20-slim\nCOPY --chown=node:node . /app\nUSER node\n' },
    ],
    decoys: [
      { path: 's/Dockerfile', content: 'FROM node:20-slim\nCOPY package.json ./\nCOPY dist ./dist\nCOPY --from=build /app/. /app/\nUSER node\n' },
      { path: 's/Dockerfile', content: 'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n' },
    ],
  },
  check(file) {
    if (!file.dockerfile) return [];
    // Only what ends up in the image: a broad COPY into a build stage that is copied from selectively is not shipped.
    return shippedStages(file.dockerfile)
      .flatMap((stage) => stage.instructions)
      .filter((ins) => {
        if (ins.getKeyword() !== 'COPY' && ins.getKeyword() !== 'ADD') return false;
        const args = (ins.getArgumentsContent() ?? '').trim().split(/\s+/);
        if (args.some((a) => a.startsWith('--from'))) return false;
        const sources = args.filter((a) => !a.startsWith('--')).slice(0, -1);
        return sources.some((s) => s === '.' || s === './' || s === '*' || s === './*');
      })
      .map((ins) => ({ line: instructionLine(ins) }))
      .sort((a, b) => a.line - b.line);
  },
});
