// The native headless runner, for tests that hold the page to what `mqlab run` prints. It goes
// through `cargo run` (dev profile, which is optimised): scripts/test.sh has already built that
// binary for `cargo test`, so this only checks it is fresh. CARGO_TARGET_DIR is honoured.

import { spawnSync } from 'node:child_process';
import { ROOT } from './harness.mjs';

/** Run `mqlab ARGS…` in the repository and parse the JSON it prints. */
export function runner(args) {
  const out = spawnSync('cargo', ['run', '--quiet', '--bin', 'mqlab', '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, LANG: 'C' },
  });
  if (out.status !== 0) {
    throw new Error(`mqlab ${args.join(' ')} exited with ${out.status}: ${out.stderr || out.error}`);
  }
  return JSON.parse(out.stdout);
}
