/**
 * Templates that overlap: two policies writing the same records (which one is named, --prefer), and
 * a disabledList whose other item a second policy deleted (docs/admx.md, "Shared records").
 */

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPolicyDefinitions, readPolicies, type RegOp } from '../src/index.js';
import { encodePol, opsToPol } from '../src/pol.js';
import { encodeDword } from '../src/registry.js';
import { runCli, tempDir } from './helpers.js';

const dir = tempDir('gpreg-overlap-');
test.after(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(path.join(dir, 'en-US'));
const K = 'Software\\Policies\\Overlap';
/** One template file: namespace `Test.<name>`, its policies' XML, and one string table. */
const template = (file: string, ns: string, policies: string) => {
  writeFileSync(path.join(dir, `${file}.admx`), `<?xml version="1.0" encoding="utf-8"?><policyDefinitions revision="1.0" schemaVersion="1.0"><policyNamespaces><target prefix="p" namespace="${ns}" /></policyNamespaces><resources minRequiredRevision="1.0" /><categories><category name="C" displayName="$(string.C)" /></categories><policies>${policies}</policies></policyDefinitions>`);
  writeFileSync(path.join(dir, 'en-US', `${file}.adml`), `<?xml version="1.0" encoding="utf-8"?><policyDefinitionResources revision="1.0" schemaVersion="1.0"><displayName>t</displayName><description>t</description><resources><stringTable><string id="C">${file}</string><string id="N">${file} policy</string></stringTable></resources></policyDefinitionResources>`);
};
const policy = (name: string, body: string, attrs = '') => `<policy name="${name}" class="Machine" displayName="$(string.N)" key="${K}" ${attrs}><parentCategory ref="C" />${body}</policy>`;
// Same records from two files (Alpha loads before beta: names compare without case).
template('Alpha', 'Test.Alpha', policy('Same', '', 'valueName="V"'));
template('beta', 'Test.Beta', policy('Same', '', 'valueName="V"') + policy('Lists', '<disabledList><item valueName="D1"><value><decimal value="0" /></value></item><item valueName="D2"><value><decimal value="0" /></value></item></disabledList>', 'valueName="L"'));

const set = () => loadPolicyDefinitions(dir);
const set1: RegOp = { op: 'set', key: `HKEY_LOCAL_MACHINE\\${K}`, name: 'V', type: 4, data: encodeDword(1) };

test('two policies with the same records: the file loaded first is named (as GPMC\'s reports do), the other in alsoExplainedBy; --prefer overrides', async () => {
  const s = await set();
  const [p, ...rest] = readPolicies([set1], { catalog: s }).policies;
  assert.equal([p!.id, p!.alsoExplainedBy, rest.length], ['Test.Alpha:Same', ['Test.Beta:Same'], 0]);
  const [q] = readPolicies([set1], { catalog: s.withPreference(['test.beta']) }).policies;
  assert.equal([q!.id, q!.alsoExplainedBy], ['Test.Beta:Same', ['Test.Alpha:Same']]);
  assert.throws(() => s.withPreference(['Test.Nope']), (e: { code?: string }) => e.code === 'POLICY_UNKNOWN');
  // The CLI: --prefer on any command that reads policies.
  const pol = path.join(dir, 'same.pol');
  writeFileSync(pol, encodePol(opsToPol([set1])));
  assert.match((await runCli(['show', '--admx', dir, pol])).stdout, '(Same): Enabled\n  category: Alpha');
  assert.match((await runCli(['show', '--admx', dir, '--prefer', 'Test.Beta', pol])).stdout, '(Same): Enabled\n  category: beta');
  const bad = await runCli(['show', '--admx', dir, '--prefer', 'Test.Nope', pol]);
  assert.equal([bad.code, bad.stderr.includes('--prefer Test.Nope: no policy of the templates has that namespace')], [2, true]);
});

test('a disabledList reads Disabled when its items are as it says, or deleted with at least one as it says; not when one is absent or different', async () => {
  const s = await set();
  const at = (name: string, v?: number): RegOp => (v === undefined ? { op: 'deleteValue', key: `HKEY_LOCAL_MACHINE\\${K}`, name } : { op: 'set', key: `HKEY_LOCAL_MACHINE\\${K}`, name, type: 4, data: encodeDword(v) });
  const del: RegOp = { op: 'deleteValue', key: `HKEY_LOCAL_MACHINE\\${K}`, name: 'L' };
  const state = (ops: RegOp[]) => readPolicies(ops, { catalog: s }).policies.find((p) => p.id === 'Test.Beta:Lists')?.state;
  // The list alone (the policy value untouched), so that it is what decides.
  assert.is(state([at('D1', 0), at('D2', 0)]), 'disabled');
  // The other item deleted by a policy that shares it: GPMC still shows Disabled.
  assert.is(state([at('D1', 0), at('D2')]), 'disabled');
  assert.is(state([del, at('D1', 0), at('D2', 0)]), 'disabled');
  // Partly set (the other item absent) or contradicted: the list is no evidence.
  for (const ops of [[at('D1', 0)], [at('D1', 0), at('D2', 5)], [at('D1'), at('D2')]]) assert.is.not(state(ops), 'disabled', JSON.stringify(ops.map((o) => o.op)));
});

test.run();
