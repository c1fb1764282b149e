/** gpreg's version, from its package.json (for --version and what reports say made them). */

import { createRequire } from 'node:module';

export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
