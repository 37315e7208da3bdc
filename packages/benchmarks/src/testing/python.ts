/**
 * Test helper: finds a Python 3 interpreter with the given modules (for building
 * test files in official formats with the official writers: bz2 + pickle, torch.save).
 */
import { spawnSync } from 'node:child_process';

const candidates = ['python3', '/usr/bin/python3'];
const found = new Map<string, string | undefined>();

/** The first interpreter that imports every module, or undefined. */
export function findPython(modules: readonly string[]): string | undefined {
  const key = modules.join(',');
  if (found.has(key)) return found.get(key);
  let result: string | undefined;
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', modules.map((module) => `import ${module}`).join('; ') || 'pass'], { encoding: 'utf8', timeout: 60_000 });
    if (probe.status === 0) {
      result = candidate;
      break;
    }
  }
  found.set(key, result);
  if (result === undefined) console.warn(`SKIPPED parts: no Python 3 with ${modules.join(', ')} found (tried ${candidates.join(', ')})`);
  return result;
}

/** Runs a Python script; throws with its stderr when it fails. */
export function runPython(python: string, script: string, args: readonly string[] = []): string {
  const result = spawnSync(python, ['-c', script, ...args], { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`python failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}
