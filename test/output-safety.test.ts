/**
 * The smaller findings of the fuzzing pass: a read-only file is not replaced silently, a huge GPO
 * name is cut, U+FEFF and line breaks in template text cannot hide or forge output, and
 * `__proto__` in a setting is an unknown option like `constructor`.
 */
import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodePol, polRecord } from '../src/pol.js';
import { makeHostileGpo } from './hostile-gpo.js';
import { runCli, tempDir } from './helpers.js';

const tmp = () => tempDir('gpreg-out-');
const PREG_EMPTY = Buffer.from([0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0]);

test('a read-only (0444) file is not replaced without --force: set-value, set and build say OUTPUT_READ_ONLY and write nothing', async () => {
  const dir = tmp();
  const file = path.join(dir, 'Registry.pol');
  writeFileSync(file, PREG_EMPTY);
  chmodSync(file, 0o444);
  for (const argv of [
    ['set-value', file, 'Software\\Policies\\X', 'v', '--type', 'REG_DWORD', '--data', '1'],
    ['set', file, 'offer-remote-assistance', '--state', 'disabled'],
  ]) {
    const r = await runCli(argv);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /OUTPUT_READ_ONLY: .*read-only \(mode 0444\).*--force/);
    assert.equal(readFileSync(file), PREG_EMPTY);
  }
  const forced = await runCli(['set-value', '--force', file, 'Software\\Policies\\X', 'v', '--type', 'REG_DWORD', '--data', '1']);
  assert.is(forced.code, 0, forced.stderr);
  assert.not.equal(readFileSync(file), PREG_EMPTY);
  assert.is(statSync(file).mode & 0o777, 0o444, 'the file keeps its mode');
  // An empty read-only output (no data to lose, but a mode that says "do not write") too.
  const empty = path.join(dir, 'out.reg');
  writeFileSync(empty, '');
  chmodSync(empty, 0o444);
  const b = await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '-o', empty]);
  assert.is(b.code, 2);
  assert.match(b.stderr, 'OUTPUT_READ_ONLY');
  assert.is(readFileSync(empty).length, 0);
});

test('a GPO name of 3 MB is cut in the text audit, with its length', async () => {
  const root = tmp();
  const gpo = path.join(root, '{bbbbbbbb-0000-0000-0000-000000000002}');
  mkdirSync(path.join(gpo, 'DomainSysvol', 'GPO', 'Machine'), { recursive: true });
  writeFileSync(path.join(gpo, 'DomainSysvol', 'GPO', 'Machine', 'registry.pol'), PREG_EMPTY);
  const name = 'N'.repeat(3_000_000);
  writeFileSync(path.join(gpo, 'bkupInfo.xml'), `<BackupInst><GPOGuid>{66666666-6666-6666-6666-666666666667}</GPOGuid><GPODisplayName>${name}</GPODisplayName></BackupInst>`);
  const r = await runCli(['audit', root]);
  assert.ok(r.stdout.length < 10_000, `the text audit is ${r.stdout.length} characters`);
  assert.match(r.stdout, '… (3,000,002 characters)');
});

test('U+FEFF from a file is shown as an escape in text and HTML; a line break in a template\'s display name or category does not start a line of its own', async () => {
  const dir = tmp();
  const file = path.join(dir, 'Registry.pol');
  writeFileSync(file, encodePol({ records: [polRecord('Software\\Policies\\X', '\ufeffAdmin', 4, new Uint8Array([1, 0, 0, 0]))] }));
  const show = await runCli(['show', file]);
  assert.not.match(show.stdout, '\ufeff');
  assert.match(show.stdout, '\\ufeffAdmin');
  const html = path.join(dir, 'r.html');
  assert.is((await runCli(['report', file, '-o', html])).code, 0);
  const page = readFileSync(html, 'utf8');
  assert.not.match(page, '\ufeff');
  assert.match(page, '\\ufeff');

  const { admx } = makeHostileGpo();
  for (const f of readdirSync(path.join(admx, 'en-US'))) {
    const p = path.join(admx, 'en-US', f);
    writeFileSync(p, readFileSync(p, 'utf8').replace(/<string id="Values">[^<]*<\/string>/, '<string id="Values">Values&#10;Injected line</string>').replace('<string id="Root">Gpreg Root</string>', '<string id="Root">Root&#13;&#10;Forged line</string>'));
  }
  const outputs = [
    (await runCli(['policies', '--admx', admx])).stdout,
    (await runCli(['policies', '--admx', admx, 'Gpreg.Policies.Test:Values'])).stdout,
    (await runCli(['policies', '--admx', admx, '--search', 'Injected'])).stdout,
  ];
  for (const out of outputs) {
    assert.not.match(out, /^Injected line/m, out);
    assert.not.match(out, /^Forged line/m, out);
  }
  assert.match(outputs[1]!, 'Values\\x0aInjected line');
});

test('__proto__ in a setting (a JSON file or --option) is an unknown option, as constructor is; nothing is written', async () => {
  const dir = tmp();
  for (const [n, body] of [
    ['proto', '{"state":"enabled","__proto__":{"control":"view"}}'],
    ['ctor', '{"state":"enabled","constructor":"view"}'],
  ] as const) {
    const json = path.join(dir, `${n}.json`);
    writeFileSync(json, body);
    const out = path.join(dir, `${n}.reg`);
    const r = await runCli(['build', 'offer-remote-assistance', '--from', json, '-o', out]);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /POLICY_UNKNOWN_OPTION: (__proto__|constructor): /);
  }
  const opt = await runCli(['build', 'offer-remote-assistance', '--state', 'enabled', '--option', '__proto__=view', '-o', path.join(dir, 'o.reg')]);
  assert.is(opt.code, 2);
  assert.match(opt.stderr, 'POLICY_UNKNOWN_OPTION: __proto__');
  assert.equal(readdirSync(dir).filter((f) => f.endsWith('.reg')), []);
  assert.is(({} as Record<string, unknown>)['control'], undefined, 'no prototype was touched');
});

test.run();
