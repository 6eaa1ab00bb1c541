/**
 * Replaces every known secret value (bot token, database password, keys) wherever it appears
 * in a string or nested object, so a library that echoes a URL or header cannot leak it.
 */
export class SecretScrubber {
  private readonly secrets: string[];

  constructor(values: readonly (string | undefined)[]) {
    this.secrets = values.filter((v): v is string => typeof v === 'string' && v.length >= 6).sort((a, b) => b.length - a.length);
  }

  /** Adds the password of a postgres:// URL and the URL itself. */
  static fromConfig(config: { DISCORD_TOKEN?: string | undefined; DATABASE_URL?: string | undefined; GOOGLE_OAUTH_ACCESS_TOKEN?: string | undefined }): SecretScrubber {
    let password: string | undefined;
    try {
      password = config.DATABASE_URL ? decodeURIComponent(new URL(config.DATABASE_URL).password) || undefined : undefined;
    } catch {
      password = undefined;
    }
    return new SecretScrubber([config.DISCORD_TOKEN, config.GOOGLE_OAUTH_ACCESS_TOKEN, password]);
  }

  scrub<T>(value: T, depth = 0): T {
    if (typeof value === 'string') return this.scrubString(value) as T;
    if (depth > 6 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => this.scrub(v, depth + 1)) as T;
    if (value instanceof Error) return this.scrubString(value.message) as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = /token|secret|password|private_key|authorization/i.test(k) ? '[redacted]' : this.scrub(v, depth + 1);
    return out as T;
  }

  scrubString(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    return out.replace(/(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/g, '$1[redacted]@').replace(/(Bot\s+)[\w.-]{20,}/g, '$1[redacted]');
  }
}
