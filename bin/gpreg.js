#!/usr/bin/env node
// The installed command: everything lives in dist/cli/main.js (built by `npm ci` / `npm run build`).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
