/**
 * The config file `run4` reads from the working directory when `--config`
 * is not given, and the one `run4 init` writes. Kept in a module of its own
 * (no imports) so the command-line definitions can name it without loading
 * the config schema.
 *
 * @example
 * path.resolve(DEFAULT_CONFIG_FILE); // <cwd>/run4.config.yaml
 */
export const DEFAULT_CONFIG_FILE = 'run4.config.yaml';
