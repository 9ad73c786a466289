import { execa } from 'execa';

/** How compose is invoked here: the v2 plugin (`docker compose`) or the v1 binary (`docker-compose`). */
export interface ComposeCommand {
  file: string;
  args: string[];
  version: 'v2' | 'v1';
  versionText: string;
}

/** What {@link detectEngine} found. */
export interface EngineInfo {
  available: boolean;
  serverVersion?: string;
  compose?: ComposeCommand;
  reason?: string;
}

let cached: Promise<EngineInfo> | undefined;

/**
 * Detect a running Docker engine and a compose command (v2 plugin first, then
 * the v1 binary). Cached per process; pass `refresh` to look again.
 *
 * @example
 * const engine = await detectEngine();
 * if (engine.available) console.log(engine.compose?.version);
 */
export function detectEngine(refresh = false): Promise<EngineInfo> {
  if (!cached || refresh) cached = probe();
  return cached;
}

async function probe(): Promise<EngineInfo> {
  const info = await execa('docker', ['version', '--format', '{{.Server.Version}}'], { reject: false, timeout: 10_000 });
  if (info.exitCode !== 0) {
    const why = info.failed && info.code === 'ENOENT' ? 'the docker CLI is not installed' : (String(info.stderr || info.message || 'no output').split('\n')[0] ?? '');
    return { available: false, reason: `docker engine does not answer: ${why}` };
  }
  const serverVersion = info.stdout.trim();
  const compose = (await findComposeCommand('v2')) ?? (await findComposeCommand('v1'));
  if (compose) return { available: true, serverVersion, compose };
  return { available: false, serverVersion, reason: 'the engine answers but neither `docker compose` (v2) nor `docker-compose` (v1) exists; run tools/compose-v2.sh' };
}

/**
 * Whether an image exists locally (`docker image inspect`), without pulling.
 *
 * @example
 * await imagePresent('traefik:v3.6'); // false on an offline machine
 */
export async function imagePresent(image: string): Promise<boolean> {
  const r = await execa('docker', ['image', 'inspect', image], { reject: false, timeout: 15_000 });
  return r.exitCode === 0;
}

/**
 * Look for one compose flavour: `v2` = the `docker compose` plugin, `v1` =
 * the standalone `docker-compose` binary. Undefined when it is not installed.
 *
 * @example
 * const v1 = await findComposeCommand('v1'); // { file: 'docker-compose', args: [], version: 'v1', versionText: '1.29.2' }
 */
export async function findComposeCommand(version: 'v2' | 'v1'): Promise<ComposeCommand | undefined> {
  const [file, args] = version === 'v2' ? ['docker', ['compose']] : ['docker-compose', []];
  const r = await execa(file, [...args, 'version', '--short'], { reject: false, timeout: 10_000 });
  return r.exitCode === 0 ? { file, args, version, versionText: r.stdout.trim() } : undefined;
}
