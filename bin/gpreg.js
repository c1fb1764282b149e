#!/usr/bin/env node
// The installed command: everything lives in dist/cli/main.js (built by `npm ci` / `npm run build`).
import { main } from '../dist/cli/main.js';

// A reader that stops early (`gpreg show … | head`) closes the pipe: stop quietly with exit 0, as
// a command killed by SIGPIPE in a shell pipeline would, never with a stack trace. Files being
// written are unaffected: they are replaced by rename only once complete.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

process.exitCode = await main(process.argv.slice(2));
