import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the SDK core', () => {
  it('uses no Node built-in and no console outside @ost-wallet/sdk/node', () => {
    const offenders = sources(root).filter((file) => {
      const code = readFileSync(file, 'utf8');
      return /from 'node:|require\(|\bBuffer\.|\bprocess\.(env|argv|exit|on|nextTick|cwd|platform)\b|\bconsole\.\w+\(/.test(
        code,
      );
    });
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});
