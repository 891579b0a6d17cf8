/** Placeholder until the command lands; exits 2 so nobody mistakes it for success. */
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('uac serve: not available yet\n');
  return 2;
}
