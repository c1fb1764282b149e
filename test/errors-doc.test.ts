/** One vocabulary: every code gpreg raises or reports is documented, and every documented code exists. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES } from '../src/index.js';
import { CLI_ERROR_CODES } from '../src/cli/errors.js';
import { ROOT } from './helpers.js';

const doc = (f: string) => readFileSync(path.join(ROOT, 'docs', f), 'utf8');
const documented = (text: string) => new Set([...text.matchAll(/`([A-Z][A-Z0-9]*_[A-Z0-9_]+|USAGE)`/g)].map((m) => m[1]!));

test('every ErrorCode is in docs/errors.md (ADMX_* in docs/admx.md)', () => {
  const errors = documented(doc('errors.md'));
  const admx = documented(doc('admx.md'));
  const missing = [...ERROR_CODES, ...CLI_ERROR_CODES].filter((c) => !(c.startsWith('ADMX_') ? admx.has(c) : errors.has(c)));
  assert.equal(missing, []);
});

test('every code docs/errors.md lists exists (no code that is never raised)', () => {
  const known = new Set<string>([...ERROR_CODES, ...CLI_ERROR_CODES]);
  // Names that are not codes: registry types, the REGEDIT4 header, system error names.
  const notCodes = /^(REG_(SZ|EXPAND_SZ|BINARY|DWORD|QWORD|MULTI_SZ|NONE|LINK)|REGEDIT4|ERROR_CODES|E[A-Z]+)$/;
  const stray = [...documented(doc('errors.md'))].filter((c) => !known.has(c) && !notCodes.test(c) && c !== 'ADMX_');
  assert.equal(stray, []);
});

test('the command line\'s own codes are not the library\'s: no library module raises them', () => {
  for (const c of CLI_ERROR_CODES) assert.not.ok((ERROR_CODES as readonly string[]).includes(c), c);
});

test.run();
