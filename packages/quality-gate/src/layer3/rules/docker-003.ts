import { defineFileRule } from '../define-rule.js';
import { dockerStages, globalArgs, instructionLine } from '../docker-stages.js';

export const rule = defineFileRule({
  code: 'DOCKER-003',
  languages: ['dockerfile'],
  message: 'Base image is not pinned (no tag or :latest): builds are not reproducible.',
  remediation: 'Pin the base image to a version tag (node:20-bookworm-slim) or a digest (@sha256:…).',
  samples: {
    truePositive: [{ path: 's/Dockerfile', content: 'FROM node:latest\nUSER node\n' }],
    subtleTruePositive: [
      { path: 's/Dockerfile', content: 'ARG BASE=python\nFROM ${BASE}\nUSER app\n' },
      { path: 's/Dockerfile', content: 'FROM node:20 AS build\nRUN npm ci\nFROM gcr.io/distroless/nodejs\nCOPY --from=build /app /app\n' },
    ],
    decoys: [
      { path: 's/Dockerfile', content: 'ARG NODE_IMAGE=node:20-bookworm-slim\nFROM ${NODE_IMAGE}\nUSER node\n' },
      { path: 's/Dockerfile', content: 'FROM node:20 AS build\nRUN npm ci\nFROM build AS test\nRUN npm test\nFROM scratch\nCOPY --from=build /app/bin /bin\nFROM alpine@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\n' },
    ],
  },
  check(file) {
    if (!file.dockerfile) return [];
    const args = globalArgs(file.dockerfile);
    const stageNames = new Set<string>();
    const out = [];
    for (const { from } of dockerStages(file.dockerfile)) {
      const parts = (from.getArgumentsContent() ?? '').trim().split(/\s+/).filter((p) => !p.startsWith('--'));
      const raw = parts[0] ?? '';
      const image = raw.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}?/g, (_m, name: string, def?: string) => args.get(name) || def || '');
      const alias = parts[1]?.toLowerCase() === 'as' ? parts[2]?.toLowerCase() : undefined;
      if (image && image !== 'scratch' && !stageNames.has(image.toLowerCase()) && !image.includes('@sha256:')) {
        const lastSegment = image.slice(image.lastIndexOf('/') + 1);
        const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
        if (!tag || tag === 'latest') out.push({ line: instructionLine(from), message: `Base image "${image}" is not pinned (${tag ? ':latest' : 'no tag'}).` });
      }
      if (alias) stageNames.add(alias);
    }
    return out;
  },
});
