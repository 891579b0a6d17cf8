/**
 * Why `uac generate` could not produce its output. Every failure has a stable
 * code; the CLI prints the message and exits 2 (usage or I/O error).
 */
export type GenerateErrorCode =
  | 'unknown-target'
  | 'templates-dir'
  | 'templates-missing'
  | 'template-read'
  | 'template-syntax'
  | 'template-render'
  | 'invalid-output'
  | 'output-exists'
  | 'output-path'
  | 'gateway-url'
  | 'bundle-too-large';

export class GenerateError extends Error {
  override name = 'GenerateError';
  constructor(
    readonly code: GenerateErrorCode,
    message: string,
    readonly details: { template?: string; line?: number | undefined; paths?: string[] } = {},
  ) {
    super(message);
  }
}
