/**
 * A generation target: the files it writes, the template behind each, and
 * the view (template context) it derives from the compiled bundle. Views are
 * plain data built from the bundle's sorted tables, so the output is
 * byte-identical for the same bundle.
 */
import type { Bundle } from '../../bundle/types.js';

export interface GenerateInput {
  bundle: Bundle;
  /** Where clients reach the gateway, without a trailing slash (e.g. `http://127.0.0.1:8080`). */
  gatewayUrl: string;
  /** The contract repository as the user named it, relative and `/`-separated (`.` when not relative). */
  contractsDir: string;
}

export interface TargetFile {
  /** Output path relative to `--out` (a folder for multi-file targets). */
  path: string;
  /** Template file name, unique across targets (what `--templates` overrides). */
  template: string;
  /** Checked after rendering so a broken user template cannot write invalid output. */
  syntax: 'json' | 'yaml' | 'markdown';
}

export interface Target {
  name: string;
  summary: string;
  files: TargetFile[];
  view(input: GenerateInput): Record<string, unknown>;
}
