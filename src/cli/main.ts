/** Entry of the `omnithread` binary (built to dist/cli/main.js): hands the arguments to the dispatcher. */
import { processIo } from './io.js';
import { runCli } from './run.js';

try {
  process.exitCode = await runCli(process.argv.slice(2), processIo());
} catch (error) {
  // Commands report expected failures themselves; this is a bug, so keep the stack.
  process.stderr.write(`omnithread: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
}
