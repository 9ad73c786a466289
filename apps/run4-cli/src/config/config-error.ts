import { Run4Error } from '@run4/checks';

/**
 * Bad configuration: names the file, the field and the fix. Exit code 2.
 *
 * @example
 * throw new ConfigError('run4.config.yaml', 'builder_timeout_s', 'expected a number, got "abc"', 'set it to a whole number of seconds');
 */
export class ConfigError extends Run4Error {
  readonly file: string;
  readonly field: string;
  readonly reason: string;
  readonly fix: string;

  constructor(file: string, field: string, reason: string, fix: string) {
    super(`${file}: ${field ? `${field}: ` : ''}${reason} (fix: ${fix})`, { code: 'CONFIG_INVALID', exitCode: 2 });
    this.file = file;
    this.field = field;
    this.reason = reason;
    this.fix = fix;
  }
}
