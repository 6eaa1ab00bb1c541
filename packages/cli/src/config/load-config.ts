import { readFileSync } from 'node:fs';
import { type Config, configSchema } from './schema.js';

/** A configuration problem, phrased for the operator, never containing a value. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIGURATION';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function readFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`config file ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v === null ? undefined : String(v)]));
  } catch {
    throw new ConfigError([`config file ${path}: must be a JSON object of VARIABLE: value pairs`]);
  }
}

/**
 * Reads settings from a JSON file (optional) overlaid by the environment, and validates them.
 * Empty environment values count as unset. Throws {@link ConfigError} naming each bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv, file?: string): Config {
  const fromFile = file ? readFile(file) : {};
  const fromEnv = Object.fromEntries(Object.keys(configSchema.shape).flatMap((k) => (env[k] ? [[k, env[k]]] : [])));
  const parsed = configSchema.safeParse({ ...fromFile, ...fromEnv });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'config');
      // zod messages never include the received value for these checks; keep it that way.
      return `${name}: ${issue.message.replace(/received .*/i, 'invalid value')}`;
    });
    throw new ConfigError(problems);
  }
  return parsed.data;
}

/** Checks that the settings a command needs are present. */
export function requireSettings(config: Config, keys: readonly (keyof Config)[], purpose: string): void {
  const missing = keys.filter((k) => config[k] === undefined || config[k] === '');
  if (missing.length > 0) throw new ConfigError(missing.map((k) => `${k}: required to ${purpose}`));
}
