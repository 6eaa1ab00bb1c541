/** Credentials that must never reach a log line or an error message, and what replaces them. */
const SECRET_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted private key]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/\bya29\.[A-Za-z0-9._-]+/g, '[redacted token]'],
  [/("(?:access_token|refresh_token|private_key|id_token|client_secret)"\s*:\s*")[^"]*"/g, '$1[redacted]"'],
  [/([?&](?:access_token|key|X-Goog-Signature|X-Goog-Credential)=)[^&\s"]+/gi, '$1[redacted]'],
];

/** Removes tokens, keys and signatures from text before it is shown or logged. */
export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}
