import { describe, expect, it } from 'vitest';
import { scanSources } from '../../src/layer3/scan-layer3.js';
import { rule } from '../../src/layer3/rules/docker-004.js';

const lines = async (content: string) => (await scanSources([{ path: 'svc/Dockerfile', content }], { rules: [rule] })).violations.map((v) => v.line);

describe('DOCKER-004 and multi-stage builds', () => {
  it('leaves a broad COPY in a build stage the final image only copies artefacts from', async () => {
    expect(await lines('FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n')).toEqual([]);
  });

  it('reports a broad COPY in the final stage, and in a stage the final image is built FROM', async () => {
    expect(await lines('FROM node:20-slim AS base\nWORKDIR /app\nCOPY . .\n\nFROM base AS runtime\nUSER node\n')).toEqual([3]);
    expect(await lines('FROM golang:1.22 AS build\nRUN true\nFROM alpine:3.20\nCOPY . /srv\n')).toEqual([4]);
  });
});
