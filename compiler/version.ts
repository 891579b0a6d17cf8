import { readFileSync } from 'node:fs';

/** Read once from package.json so the bundle's `compiler` field never drifts from the package version. */
function readVersion(): string {
  // Works from both the source tree (compiler/) and the build (dist/compiler/).
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'uac' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}

export const UAC_VERSION = readVersion();
export const COMPILER_ID = `uac/${UAC_VERSION}`;
