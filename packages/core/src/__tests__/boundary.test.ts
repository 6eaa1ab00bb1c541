import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__tests__' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

// The testing entry may import vitest (its contract suites run inside vitest).
const shipped = sources(root).filter((f) => !relative(root, f).startsWith('testing'));

describe('core stays framework-free', () => {
  it('has sources to check', () => {
    expect(shipped.length).toBeGreaterThan(20);
  });

  it('imports nothing but its own relative modules (no library, no node: built-in)', () => {
    const offenders = shipped.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
      return specifiers.filter((s) => s && !s.startsWith('.')).map((s) => `${relative(root, file)} → ${s}`);
    });
    expect(offenders).toEqual([]);
  });

  it('never reads the wall clock directly (Date.now(), new Date() without arguments)', () => {
    const offenders = shipped.filter((file) => /Date\.now\(\)|new Date\(\s*\)/.test(readFileSync(file, 'utf8'))).map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('does not use Node globals (process, Buffer, setTimeout, require)', () => {
    const offenders = shipped.filter((file) => /\b(process\.(env|exit|on|argv|nextTick|hrtime)|Buffer\.|setTimeout\(|setInterval\(|require\()/.test(readFileSync(file, 'utf8'))).map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('layers point inward: domain imports only domain; ports only domain; the scheduler neither use cases nor services', () => {
    const layerOf = (path: string) => relative(root, path).split('/')[0] ?? '';
    const may: Record<string, readonly string[]> = { domain: ['domain'], ports: ['domain', 'ports'], scheduler: ['domain', 'ports', 'scheduler'] };
    const offenders = shipped.flatMap((file) => {
      const allowed = may[layerOf(file)];
      if (!allowed) return [];
      const text = readFileSync(file, 'utf8');
      const targets = [...text.matchAll(/from\s+['"](\.[^'"]+)['"]/g)].map((m) => join(file, '..', m[1] as string));
      return targets.filter((t) => !allowed.includes(layerOf(t))).map((t) => `${relative(root, file)} → ${relative(root, t)}`);
    });
    expect(offenders).toEqual([]);
  });
});
