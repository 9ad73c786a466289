import type { Dockerfile, Instruction } from 'dockerfile-ast';

/** One build stage: its FROM and the instructions up to the next FROM. */
export interface DockerStage {
  readonly from: Instruction;
  readonly instructions: Instruction[];
}

/**
 * Split a Dockerfile into build stages. The last one is what runs.
 *
 * @example
 * const final = dockerStages(file.dockerfile).at(-1);
 */
export function dockerStages(dockerfile: Dockerfile): DockerStage[] {
  const stages: DockerStage[] = [];
  for (const ins of dockerfile.getInstructions()) {
    if (ins.getKeyword() === 'FROM') stages.push({ from: ins, instructions: [] });
    else stages.at(-1)?.instructions.push(ins);
  }
  return stages;
}

/** Global ARG defaults (ARGs before the first FROM), used to resolve `FROM ${NODE_IMAGE}`. */
export function globalArgs(dockerfile: Dockerfile): Map<string, string> {
  const args = new Map<string, string>();
  for (const ins of dockerfile.getInstructions()) {
    if (ins.getKeyword() === 'FROM') break;
    if (ins.getKeyword() !== 'ARG') continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(ins.getArgumentsContent()?.trim() ?? '');
    if (m?.[1]) args.set(m[1], (m[2] ?? '').replace(/^["']|["']$/g, ''));
  }
  return args;
}

/** 1-based line of an instruction. */
export function instructionLine(ins: Instruction): number {
  return ins.getRange().start.line + 1;
}

/**
 * The stages whose files end up in the final image: the last stage and, through `FROM <stage>`, the
 * stages it is built on. A build stage the final image only `COPY --from`s is not among them.
 *
 * @example
 * shippedStages(file.dockerfile).map((s) => s.from.getArgumentsContent()); // ['node:20-slim AS base', 'base AS runtime']
 */
export function shippedStages(dockerfile: Dockerfile): DockerStage[] {
  const stages = dockerStages(dockerfile);
  const alias = (stage: DockerStage): string | undefined => {
    const parts = (stage.from.getArgumentsContent() ?? '').trim().split(/\s+/).filter((p) => !p.startsWith('--'));
    return parts[1]?.toLowerCase() === 'as' ? parts[2]?.toLowerCase() : undefined;
  };
  const image = (stage: DockerStage): string => ((stage.from.getArgumentsContent() ?? '').trim().split(/\s+/).find((p) => !p.startsWith('--')) ?? '').toLowerCase();
  const out: DockerStage[] = [];
  let current = stages.at(-1);
  while (current && !out.includes(current)) {
    out.push(current);
    const base = image(current);
    current = stages.slice(0, stages.indexOf(current)).reverse().find((s) => alias(s) === base);
  }
  return out;
}