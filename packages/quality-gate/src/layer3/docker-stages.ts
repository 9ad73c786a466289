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
