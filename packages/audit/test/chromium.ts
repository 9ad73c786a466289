import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/**
 * Path of the Chromium binary: `RUN4_CHROMIUM`, else the first of
 * chromium / chromium-browser / google-chrome on PATH. Throws a clear error
 * when there is none: the browser test fails, it never skips.
 */
export function findChromium(): string {
  const given = process.env.RUN4_CHROMIUM;
  if (given) {
    if (!existsSync(given)) throw new Error(`RUN4_CHROMIUM=${given} does not exist: point it at a Chromium binary.`);
    return given;
  }
  for (const name of CANDIDATES) {
    try {
      const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // not on PATH
    }
  }
  throw new Error(
    `Chromium not found (looked for ${CANDIDATES.join(', ')} on PATH and RUN4_CHROMIUM): the HTML audit's browser test needs it. ` +
      'Install it with `bash tools/chromium.sh` (Debian: apt-get install -y chromium) or set RUN4_CHROMIUM to a Chromium binary.',
  );
}

/** Flags for a root user without network: no sandbox, no GPU, nothing fetched in the background. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Launch headless Chromium (playwright adds `--headless`) with a new
 * temporary profile (`--user-data-dir`); `close` ends it and removes the profile.
 */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const executablePath = findChromium();
  const profile = mkdtempSync(join(tmpdir(), 'audit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1300, height: 900 },
    timeout: 120_000,
  });
  context.setDefaultTimeout(60_000);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
