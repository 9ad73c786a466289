import { describe, expect, it } from 'vitest';
import { scanSources } from '../../src/layer3/scan-layer3.js';
import { isPlaceholder } from '../../src/layer3/secret-values.js';

describe('isPlaceholder', () => {
  it('reads compose/shell interpolation as a placeholder, including required-variable forms', () => {
    for (const v of ['${DB_PASSWORD}', '$DB_PASSWORD', '${DB_PASSWORD:-}', '${DB_PASSWORD:?required}', '${DB_PASSWORD?set it}', '<set-me>', 'changeme']) {
      expect(isPlaceholder(v), v).toBe(true);
    }
    for (const v of ['Dr1vers-Pg-2024', 'hunter22x', '${DB_PASSWORD}x9']) expect(isPlaceholder(v), v).toBe(false);
  });

  it('keeps a compose service whose password is a required variable (${X:?msg}) out of SEC-SECRET-007', async () => {
    const compose = (value: string) => `services:\n  drivers:\n    image: drivers:1.4\n    environment:\n      DRIVERS_DB_PASSWORD: ${value}\n`;
    const required = await scanSources([{ path: 'docker-compose.yml', content: compose('${DRIVERS_DB_PASSWORD:?required}') }]);
    expect(required.violations.filter((v) => v.code === 'SEC-SECRET-007')).toEqual([]);
    const literal = await scanSources([{ path: 'docker-compose.yml', content: compose('Dr1vers-Pg-2024') }]);
    expect(literal.violations.map((v) => `${v.code}:${v.line}`)).toContain('SEC-SECRET-007:5');
  });
});
