import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A file name from a property or model name: `can commit` → `can-commit`. */
export function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'unnamed';
}

/**
 * Writes each file whole or not at all: first to a temporary name in the same folder, then
 * renamed into place, so an interrupted run never leaves half a report.
 */
export function writeArtifacts(dir: string, files: ReadonlyMap<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of files) {
    const target = path.join(dir, name);
    const temp = `${target}.tmp-${process.pid}`;
    try {
      writeFileSync(temp, content);
      renameSync(temp, target);
    } catch (e) {
      rmSync(temp, { force: true });
      throw e;
    }
    written.push(target);
  }
  return written;
}
