/** Longest pattern a server may set. */
export const MAX_PATTERN_LENGTH = 100;
/** Most quantifiers in one pattern: with nesting ruled out, matching stays polynomial and small. */
export const MAX_PATTERN_QUANTIFIERS = 6;

/** Lower case without accents or compatibility forms: "Café", "CAFE" and "café" compare equal. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

const QUANTIFIER = /^(?:[*+?]|\{\d+(?:,\d*)?\})/;

/**
 * Why `pattern` may not be used as a blocked pattern, or null when it may: too long, not a valid
 * regular expression, a back-reference, or a repetition of something that itself repeats or
 * alternates (`(a+)+`, `(a|ab)*`), the shapes whose backtracking can stall a process for
 * minutes on one prompt. What is left matches any prompt of `/veo`'s length in microseconds.
 */
export function regexProblem(pattern: string): string | null {
  if (pattern.length === 0 || pattern.length > MAX_PATTERN_LENGTH) return `patterns are 1 to ${MAX_PATTERN_LENGTH} characters long.`;
  try {
    new RegExp(pattern, 'iu');
  } catch {
    return 'not a valid regular expression.';
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-references are not allowed.';
  // Each open group: whether it holds a repetition or an alternation.
  const groups: { risky: boolean }[] = [];
  let quantifiers = 0;
  let lastAtomRisky = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i += 1;
      lastAtomRisky = false;
      continue;
    }
    if (c === '[') {
      // A character class is one atom; skip to its end (escapes inside included).
      for (i += 1; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i += 1;
      lastAtomRisky = false;
      continue;
    }
    if (c === '(') {
      groups.push({ risky: false });
      lastAtomRisky = false;
      continue;
    }
    if (c === ')') {
      lastAtomRisky = groups.pop()?.risky ?? false;
      continue;
    }
    if (c === '|') {
      const open = groups.at(-1);
      if (open) open.risky = true;
      continue;
    }
    const quantifier = QUANTIFIER.exec(pattern.slice(i))?.[0];
    if (quantifier) {
      quantifiers += 1;
      if (lastAtomRisky && quantifier !== '?') return 'a repeated group may not itself repeat or alternate (it could stall the bot).';
      const open = groups.at(-1);
      if (open && quantifier !== '?') open.risky = true;
      i += quantifier.length - 1;
      lastAtomRisky = false;
      continue;
    }
    lastAtomRisky = false;
  }
  if (quantifiers > MAX_PATTERN_QUANTIFIERS) return `at most ${MAX_PATTERN_QUANTIFIERS} repetitions (*, +, ?, {n}) per pattern.`;
  return null;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Which blocked word or pattern `prompt` contains, or null. Words match whole words only (the
 * word "ass" blocks "ass" but not "class"), case- and accent-insensitively; patterns are matched
 * against the folded prompt too. The answer is for logs: users are never shown the term.
 */
export function blockedTerm(prompt: string, rules: { readonly blockedWords: readonly string[]; readonly blockedPatterns: readonly string[] }): string | null {
  const folded = foldText(prompt);
  for (const word of rules.blockedWords) {
    const w = foldText(word.trim());
    if (w && new RegExp(`(?<![\\p{L}\\p{N}])${escape(w)}(?![\\p{L}\\p{N}])`, 'u').test(folded)) return word;
  }
  for (const pattern of rules.blockedPatterns) {
    // Stored patterns were checked when set; one that no longer compiles blocks nothing.
    // Accents are taken off the pattern as off the prompt (case is left to the `i` flag: folding
    // the source would turn `\D` into `\d`).
    if (regexProblem(pattern) === null && new RegExp(pattern.normalize('NFKD').replace(/\p{M}+/gu, ''), 'iu').test(folded)) return pattern;
  }
  return null;
}
