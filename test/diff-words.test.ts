/**
 * Diff and audit output for people names options as the editor's dialog does (labels, values in
 * words), never by element id or as raw JSON; JSON keeps the ids. A list whose items only moved is
 * a change only where order means something (a numbered list). Issue #23.
 */

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fixture, runCli, tempDir } from './helpers.js';

const ADMX = fixture('admx', 'all-elements');
const tmp = tempDir('gpreg-diff-words-');
test.after(() => rmSync(tmp, { recursive: true, force: true }));

/** Builds a policy into a .pol with the fixture templates; returns its path. */
async function pol(name: string, policy: string, options: string[]): Promise<string> {
  const file = path.join(tmp, `${name}.pol`);
  const r = await runCli(['build', policy, '--admx', ADMX, '--state', 'enabled', ...options.flatMap((o) => ['--option', o]), '-o', file]);
  assert.is(r.code, 0, r.stderr);
  return file;
}

test('diff text: options by their dialog label, values in words (a dropdown item\'s text); JSON keeps the ids', async () => {
  const a = await pol('low', 'Choice', ['Mode=Mode_Low']);
  const b = await pol('high', 'Choice', ['Mode=Mode_High']);
  const text = await runCli(['diff', '--admx', ADMX, a, b]);
  assert.is(text.code, 1);
  assert.match(text.stdout, '  Choice (Choice): Enabled\n    Mode: Low → High & boosted\n');
  assert.not.match(text.stdout, 'Mode_Low');
  const json = JSON.parse((await runCli(['diff', '--json', '--admx', ADMX, a, b])).stdout);
  assert.equal(json.policies[0].options, [{ option: 'Mode', was: 'Mode_Low', now: 'Mode_High' }]);
});

test('a list whose items only moved: no change for items named by their data or given as pairs; "(order)" for a numbered list', async () => {
  const cases: [string, [string, string], [string, string], string | undefined][] = [
    ['Named', ['Named=x', 'Named=y'], ['Named=y', 'Named=x'], undefined],
    ['Pairs', ['Pairs=a=1', 'Pairs=b=2'], ['Pairs=b=2', 'Pairs=a=1'], undefined],
    ['Numbered', ['Numbered=x', 'Numbered=y'], ['Numbered=y', 'Numbered=x'], '    Numbered (order): x; y → y; x\n'],
  ];
  for (const [list, one, two, expected] of cases) {
    const a = await pol(`${list}-1`, 'Lists', [...one]);
    const b = await pol(`${list}-2`, 'Lists', [...two]);
    const r = await runCli(['diff', '--admx', ADMX, a, b]);
    if (expected === undefined) assert.not.match(r.stdout, 'Lists (Lists)', list);
    else assert.match(r.stdout, expected, list);
  }
  // An item that changed is added and removed, by its words.
  const r = await runCli(['diff', '--admx', ADMX, await pol('p1', 'Lists', ['Pairs=a=1']), await pol('p2', 'Lists', ['Pairs=a=2'])]);
  assert.match(r.stdout, '    Pairs: + a=2, - a=1\n');
});

test('one display name under two categories: each diff line says its category', async () => {
  const dir = path.join(tmp, 'twins');
  mkdirSync(path.join(dir, 'en-US'), { recursive: true });
  const policy = (name: string, cat: string) => `<policy name="${name}" class="Machine" displayName="$(string.Same)" explainText="$(string.Same)" key="Software\\Policies\\Twins\\${name}" valueName="On"><parentCategory ref="${cat}" /><supportedOn ref="S" /></policy>`;
  writeFileSync(path.join(dir, 'Twins.admx'), `<?xml version="1.0" encoding="utf-8"?><policyDefinitions revision="1.0" schemaVersion="1.0"><policyNamespaces><target prefix="t" namespace="Gpreg.Twins" /></policyNamespaces><resources minRequiredRevision="1.0" /><supportedOn><definitions><definition name="S" displayName="$(string.Same)" /></definitions></supportedOn><categories><category name="Client" displayName="$(string.Client)" /><category name="Server" displayName="$(string.Server)" /></categories><policies>${policy('A', 'Client')}${policy('B', 'Server')}</policies></policyDefinitions>`);
  writeFileSync(path.join(dir, 'en-US', 'Twins.adml'), `<?xml version="1.0" encoding="utf-8"?><policyDefinitionResources revision="1.0" schemaVersion="1.0"><displayName>t</displayName><description>t</description><resources><stringTable><string id="Same">Mandate the maximum version</string><string id="Client">Client</string><string id="Server">Server</string></stringTable></resources></policyDefinitionResources>`);
  const build = async (name: string, state: string) => {
    const file = path.join(tmp, `twin-${name}-${state}.pol`);
    assert.is((await runCli(['build', `Gpreg.Twins:${name}`, '--admx', dir, '--state', state, '-o', file])).code, 0);
    return file;
  };
  // Both policies in one file: A built, then B set into it.
  const both = async (state: string) => {
    const file = await build('A', state);
    const r = await runCli(['set', file, 'Gpreg.Twins:B', '--admx', dir, '--state', state]);
    assert.is(r.code, 0, r.stderr);
    return file;
  };
  const on = await both('enabled');
  const off = await both('disabled');
  const r = await runCli(['diff', '--admx', dir, on, off]);
  assert.match(r.stdout, 'Mandate the maximum version (A) in Client: Enabled → Disabled');
  assert.match(r.stdout, 'Mandate the maximum version (B) in Server: Enabled → Disabled');
});

test('audit text and CSV: options by label with values in words; each finding on the row of the policy it is about', async () => {
  const dir = path.join(tmp, 'audit', '{66666666-6666-6666-6666-666666666666}', 'Machine');
  mkdirSync(dir, { recursive: true });
  const r = await runCli(['build', 'offer-remote-assistance', '--state', 'enabled', '--control', 'full', '--helper', 'CONTOSO\\HelpDesk', '-o', path.join(dir, 'Registry.pol')]);
  assert.is(r.code, 0, r.stderr);
  const root = path.join(tmp, 'audit');
  const text = await runCli(['audit', root]);
  assert.match(text.stdout, 'Configure Offer Remote Assistance: Enabled — Permit remote control of this computer: Allow helpers to remotely control the computer; Helpers');
  const rows = (await runCli(['audit', '--csv', root])).stdout.trimEnd().split('\r\n');
  // One row: the policy, with its own finding (full control) — not a second copy on a file row.
  assert.is(rows.length, 2);
  assert.match(rows[1]!, ',RA_Unsolicit,enabled,Permit remote control of this computer: Allow helpers to remotely control the computer;');
  assert.match(rows[1]!, ',1,POLICY_FULL_CONTROL,0,');
});

test.run();
