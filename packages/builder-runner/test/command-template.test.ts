import { describe, expect, it } from 'vitest';
import { CommandTemplateError, DEFAULT_BUILDER_COMMAND, expandCommandTemplate } from '../src/index.js';

const values = { dir: '/tmp/my builders/order-service', depth: 'thorough', service: 'order-service' };

describe('expandCommandTemplate', () => {
  it('expands the seed default without a shell, keeping a dir with spaces as one argument', () => {
    expect(expandCommandTemplate(DEFAULT_BUILDER_COMMAND, values)).toEqual([
      'python', '-m', 'agent_team', '--cwd', '/tmp/my builders/order-service', '--depth', 'thorough',
    ]);
  });

  it('substitutes inside an argument and accepts array templates', () => {
    expect(expandCommandTemplate(['node', 'cli.js', '--out={dir}/out', '--name', '{service}'], values)).toEqual([
      'node', 'cli.js', '--out=/tmp/my builders/order-service/out', '--name', 'order-service',
    ]);
  });

  it('names an unknown placeholder and the known ones', () => {
    expect(() => expandCommandTemplate('b --x {nope}', values)).toThrow(/unknown placeholder \{nope\}; known: \{dir\}, \{depth\}, \{service\}/);
  });

  it('rejects an empty template with exit code 2', () => {
    const error = (() => {
      try {
        expandCommandTemplate('   ', values);
      } catch (e) {
        return e as CommandTemplateError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CommandTemplateError);
    expect(error?.exitCode).toBe(2);
  });
});
