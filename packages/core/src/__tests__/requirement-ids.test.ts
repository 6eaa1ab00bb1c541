import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const ID = /\b(DUR|RES|TRK|RTY|SPD|SRV|DSC|VTX|PRV|OPS)-\d+\b/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('requirement ids in code comments (docs/requirements.md)', () => {
  const defined = new Set([...readFileSync(join(repo, 'docs/requirements.md'), 'utf8').matchAll(/\*\*((?:DUR|RES|TRK|RTY|SPD|SRV|DSC|VTX|PRV|OPS)-\d+)\*\*/g)].map((m) => m[1]));
  const self = fileURLToPath(import.meta.url);
  const files = [...sources(join(repo, 'packages')), ...sources(join(repo, 'e2e'))].filter((f) => f !== self);

  it('defines the ids, and the sources cite some', () => {
    expect(defined.size).toBeGreaterThan(100);
    expect(files.filter((f) => readFileSync(f, 'utf8').match(ID) !== null).length).toBeGreaterThan(10);
  });

  it('every id a source cites is defined, and no comment cites the specs by number ("seed 003")', () => {
    const unknown = files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(ID)].map((m) => m[0]).filter((id) => !defined.has(id)).map((id) => `${f.slice(repo.length)}: ${id}`));
    expect(unknown).toEqual([]);
    const bySpec = files.filter((f) => /[Ss]eed 00\d/.test(readFileSync(f, 'utf8'))).map((f) => f.slice(repo.length));
    expect(bySpec).toEqual([]);
  });
});
