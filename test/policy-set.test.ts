import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readPolicies, setPolicyInPol, setPolicyInReg, GpregError, type RegOp } from '../src/index.js';
import { decodePol, encodePol, polToOps } from '../src/pol.js';
import { parseReg, regToOps } from '../src/reg.js';
import { corpusFiles, fixture, HEADER_ONLY, readBytes, runCli, sameBytes, tempDir } from './helpers.js';
import * as fc from 'fast-check';
import { applyRegEdit, openReg } from '../src/formats/reg/edit.js';
import { ownsOp } from '../src/edit/policy-in-file.js';
import { editRegOp } from '../src/edit/values-in-file.js';
import { renderEffect } from '../src/render/effect.js';
import { buildPolicy, effectOf, findPolicy } from '../src/index.js';

const enabled = { state: 'enabled', control: 'view', helpers: ['CONTOSO\\HelpDesk'] };
const tmp = tempDir('gpreg-set-');
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('set in a .pol: other records byte-identical and in place; new records where the old ones were', () => {
  const base = readBytes(fixture('pol/good/every-type.pol'));
  const added = setPolicyInPol(base, 'offer-remote-assistance', enabled);
  const doc = decodePol(added.bytes);
  const original = decodePol(base).records;
  assert.equal(doc.records.slice(0, original.length).map((r) => [r.key, r.name]), original.map((r) => [r.key, r.name]));
  assert.ok(sameBytes(added.bytes.subarray(0, base.length), base)); // appended after every old record
  const disabled = setPolicyInPol(added.bytes, 'RA_Unsolicit', { state: 'disabled' });
  assert.is(disabled.removed, 4); // policy value, control, **delvals., one helper
  const names = decodePol(disabled.bytes).records.map((r) => r.name);
  assert.equal(names.slice(original.length), ['fAllowUnsolicited', '**del.fAllowUnsolicitedFullControl', '**delvals.']);
  const removed = setPolicyInPol(disabled.bytes, 'RA_Unsolicit', { state: 'notConfigured' });
  assert.ok(sameBytes(removed.bytes, base));
});

test('set in a .pol: each new record takes its value\'s old place, a new value follows its key, a new key goes where it sorts', () => {
  const recs = decodePol(setPolicyInPol(HEADER_ONLY, 'RA_Unsolicit', { state: 'disabled' }).bytes).records;
  const withOthers = encodePol({ records: [recs[0]!, { ...recs[0]!, key: 'Software\\Other', name: 'x' }, ...recs.slice(1)] });
  const again = decodePol(setPolicyInPol(withOthers, 'RA_Unsolicit', enabled).bytes).records.map((r) => r.name);
  // fAllowUnsolicitedFullControl replaces **del.fAllowUnsolicitedFullControl where it was (after x);
  // the helper is new in RAUnsolicit and follows that key's **delvals.
  assert.equal(again, ['fAllowUnsolicited', 'x', 'fAllowUnsolicitedFullControl', '**delvals.', 'CONTOSO\\HelpDesk']);
  // Into a file whose keys sort before and after the policy's: the editor's key order, as it writes a GPO.
  const around = encodePol({ records: [{ ...recs[0]!, key: 'Software\\Policies\\A', name: 'a' }, { ...recs[0]!, key: 'Software\\Policies\\Z', name: 'z' }] });
  const placed = decodePol(setPolicyInPol(around, 'RA_Unsolicit', enabled).bytes).records.map((r) => r.name);
  assert.equal(placed, ['a', 'fAllowUnsolicited', 'fAllowUnsolicitedFullControl', '**delvals.', 'CONTOSO\\HelpDesk', 'z']);
});

for (const file of corpusFiles('pol', '.pol')) {
  test(`corpus ${path.basename(file)}: adding then removing the policy gives back the original (less any old records of it)`, () => {
    const bytes = readBytes(file);
    const without = setPolicyInPol(bytes, 'RA_Unsolicit', { state: 'notConfigured' });
    const roundTrip = setPolicyInPol(setPolicyInPol(bytes, 'RA_Unsolicit', enabled).bytes, 'RA_Unsolicit', { state: 'notConfigured' });
    assert.ok(sameBytes(roundTrip.bytes, without.bytes));
    if (without.removed === 0) assert.ok(sameBytes(roundTrip.bytes, bytes));
  });
}

test('set in a .reg: other lines untouched, the policy\'s lines replaced, the file reads as the new setting', () => {
  const src = [
    'Windows Registry Editor Version 5.00', '',
    '[HKEY_LOCAL_MACHINE\\Software\\policies\\Microsoft\\Windows NT\\Terminal Services]',
    '"fDenyTSConnections"=dword:00000000',
    '"fAllowUnsolicited"=dword:00000000', '',
    '[HKEY_LOCAL_MACHINE\\Software\\Other]', '"keep"=hex:01,02,\\', '  03', '',
  ].join('\r\n') + '\r\n';
  const bytes = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(src, 'utf16le')]));
  const once = setPolicyInReg(bytes, 'offer-remote-assistance', enabled);
  const twice = setPolicyInReg(once.bytes, 'offer-remote-assistance', enabled);
  assert.ok(sameBytes(twice.bytes, once.bytes), 'setting the same twice changes nothing');
  const text = Buffer.from(once.bytes.subarray(2)).toString('utf16le');
  // The other lines stay as they were, in their order; the new block went where the policy was (before its section's key line).
  assert.ok(text.startsWith('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\Software\\policies\\Microsoft\\Windows NT\\Terminal Services]\r\n"fAllowUnsolicited"=dword:00000001\r\n'), text);
  assert.ok(text.endsWith('\r\n\r\n[HKEY_LOCAL_MACHINE\\Software\\policies\\Microsoft\\Windows NT\\Terminal Services]\r\n"fDenyTSConnections"=dword:00000000\r\n\r\n[HKEY_LOCAL_MACHINE\\Software\\Other]\r\n"keep"=hex:01,02,\\\r\n  03\r\n\r\n'), text);
  const r = readPolicies(regToOps(parseReg(once.bytes)));
  assert.is(r.policies[0]!.state, 'enabled');
  assert.equal(r.policies[0]!.options.get('helpers'), ['CONTOSO\\HelpDesk']);
  const off = setPolicyInReg(once.bytes, 'offer-remote-assistance', { state: 'notConfigured' });
  assert.is(readPolicies(regToOps(parseReg(off.bytes))).policies[0]!.state, 'notConfigured');
});

// Files around Offer Remote Assistance: its key, its helper list key, a subkey of the list key, an
// ancestor, and an unrelated key; sections that set, delete values, or delete the tree.
const TS = 'HKEY_LOCAL_MACHINE\\Software\\policies\\Microsoft\\Windows NT\\Terminal Services';
const sectionKey = fc.constantFrom(TS, `${TS}\\RAUnsolicit`, `${TS}\\RAUnsolicit\\Sub`, 'HKEY_LOCAL_MACHINE\\Software\\policies\\Microsoft\\Windows NT', 'HKEY_LOCAL_MACHINE\\Software\\Other');
const valueLine = fc.oneof(
  fc.constantFrom('fAllowUnsolicited', 'fAllowUnsolicitedFullControl', 'fDenyTSConnections', 'CONTOSO\\\\Old').map((n) => `"${n}"=dword:00000001`),
  fc.constantFrom('fAllowUnsolicited', 'Other').map((n) => `"${n}"=-`),
);
const section = fc.record({ key: sectionKey, del: fc.boolean(), values: fc.array(valueLine, { maxLength: 3 }) }).map((x) => (x.del ? `[-${x.key}]` : [`[${x.key}]`, ...x.values].join('\r\n')));
const regFile = fc.array(section, { minLength: 1, maxLength: 6 }).map((secs) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(['Windows Registry Editor Version 5.00', '', ...secs.flatMap((x) => [x, ''])].join('\r\n'), 'utf16le')])));
const setting = fc.constantFrom(enabled, { state: 'enabled', helpers: ['CONTOSO\\A', 'CONTOSO\\B'] }, { state: 'disabled' }, { state: 'notConfigured' });

test('property: set in a .reg puts the block where the policy was only when the file then does what it does with the block at the end', () => {
  const def = findPolicy('offer-remote-assistance');
  let inPlace = 0;
  fc.assert(
    fc.property(regFile, setting, (bytes, s) => {
      const placed = setPolicyInReg(bytes, def, s).bytes;
      // The reference: the same edit with the block at the end, where later lines win.
      const src = openReg(bytes);
      const drop = src.doc.statements.filter((st) => ownsOp(def, st.op)).flatMap((st) => Array.from({ length: (st.endLine ?? st.line) - st.line + 1 }, (_, i) => st.line + i));
      const atEnd = applyRegEdit(src, { removeLines: drop, append: buildPolicy(def, s, { target: 'reg' }).ops }).bytes;
      const effect = (b: Uint8Array) => renderEffect(effectOf(regToOps(parseReg(b))));
      assert.is(effect(placed), effect(atEnd));
      if (!sameBytes(placed, atEnd)) inPlace++;
    }),
    { numRuns: 600 },
  );
  assert.ok(inPlace > 50, `the block went where the policy was in ${inPlace} of 600 files`);
});

test('property: set-value and the other value edits in a .reg: the new line goes where the old one was only when the file then does the same as with it at the end', () => {
  // The edited value named in another spelling of the hive (HKLM), as users type it.
  const edit = fc.oneof(
    fc.record({ name: fc.constantFrom('fAllowUnsolicited', 'fDenyTSConnections', 'Other'), n: fc.integer({ min: 0, max: 3 }) }).map(({ name, n }): RegOp => ({ op: 'set', key: TS.replace('HKEY_LOCAL_MACHINE', 'HKLM'), name, type: 4, data: new Uint8Array([n, 0, 0, 0]) })),
    fc.constantFrom('fAllowUnsolicited', 'Other').map((name): RegOp => ({ op: 'deleteValue', key: TS.replace('HKEY_LOCAL_MACHINE', 'hklm'), name })),
  );
  let inPlace = 0;
  fc.assert(
    fc.property(regFile, edit, (bytes, op) => {
      const placed = editRegOp(bytes, op).bytes;
      const src = openReg(bytes);
      const same = (st: { op: RegOp }) => (st.op.op === 'set' || st.op.op === 'deleteValue') && st.op.key.toLowerCase() === TS.toLowerCase() && 'name' in op && st.op.name.toLowerCase() === op.name.toLowerCase();
      const drop = src.doc.statements.filter(same).flatMap((st) => Array.from({ length: (st.endLine ?? st.line) - st.line + 1 }, (_, i) => st.line + i));
      const atEnd = applyRegEdit(src, { removeLines: drop, append: [op] }).bytes;
      const effect = (b: Uint8Array) => renderEffect(effectOf(regToOps(parseReg(b))));
      assert.is(effect(placed), effect(atEnd));
      if (!sameBytes(placed, atEnd)) inPlace++;
    }),
    { numRuns: 600 },
  );
  assert.ok(inPlace > 10, `the line went where the old one was in ${inPlace} of 600 files`);
});

test('set in a .reg: the block stays where the policy was (a file kept in git shows a small diff), unless a later line would undo it', () => {
  const file = (tail: string[]) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(['Windows Registry Editor Version 5.00', '', '[HKEY_LOCAL_MACHINE\\Software\\First]', '"a"=dword:00000001', '', `[${TS}]`, '"fAllowUnsolicited"=dword:00000000', '', ...tail].join('\r\n'), 'utf16le')]));
  const text = (b: Uint8Array) => Buffer.from(b.subarray(2)).toString('utf16le');
  const later = ['[HKEY_LOCAL_MACHINE\\Software\\Later]', '"b"=dword:00000001', ''];
  const kept = text(setPolicyInReg(file(later), 'offer-remote-assistance', enabled).bytes);
  assert.ok(kept.indexOf('fAllowUnsolicited') < kept.indexOf('Software\\Later]'), kept);
  assert.ok(kept.indexOf('Software\\First]') < kept.indexOf('fAllowUnsolicited'), kept);
  // Comments right above a section belong to it: a section that stays keeps them (the block goes
  // above them); a section that goes leaves them above the block that replaces it.
  const commented = (values: string[]) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(['Windows Registry Editor Version 5.00', '', '; about this key', `[${TS}]`, ...values, ''].join('\r\n'), 'utf16le')]));
  const stays = text(setPolicyInReg(commented(['"fDenyTSConnections"=dword:00000000', '"fAllowUnsolicited"=dword:00000000']), 'offer-remote-assistance', { state: 'disabled' }).bytes);
  assert.ok(stays.indexOf('fAllowUnsolicitedFullControl') < stays.indexOf('; about this key\r\n[') && stays.includes(`; about this key\r\n[${TS}]\r\n"fDenyTSConnections"`), stays);
  const goes = text(setPolicyInReg(commented(['"fAllowUnsolicited"=dword:00000000']), 'offer-remote-assistance', { state: 'disabled' }).bytes);
  assert.ok(goes.includes(`; about this key\r\n[${TS}]\r\n"fAllowUnsolicited"=dword:00000000\r\n"fAllowUnsolicitedFullControl"=-`), goes);
  // A later [-…\Windows NT] deletes the policy's keys: the block must come after it, at the end.
  const undo = ['[-HKEY_LOCAL_MACHINE\\Software\\policies\\Microsoft\\Windows NT]', ''];
  const last = text(setPolicyInReg(file(undo), 'offer-remote-assistance', enabled).bytes);
  assert.ok(last.indexOf('[-HKEY_LOCAL_MACHINE\\Software\\policies\\Microsoft\\Windows NT]') < last.indexOf('fAllowUnsolicited'), last);
});

test('set refuses a .reg regedit would not import, and a damaged .pol', () => {
  assert.throws(() => setPolicyInReg(readBytes(fixture('reg/edge/header-trailing-blank.reg')), 'RA_Unsolicit', enabled), (e: GpregError) => e.code === 'REG_BAD_HEADER');
  assert.throws(() => setPolicyInPol(readBytes(fixture('pol/corrupt/missing-rbracket.pol')), 'RA_Unsolicit', enabled), (e: GpregError) => e.code === 'POL_MISSING_DELIMITER');
});

test('CLI set: atomic, --backup keeps the original, a bad file or setting leaves it byte-identical', async () => {
  const dir = path.join(tmp, 'GPO', 'Machine');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'Registry.pol');
  const original = readBytes(fixture('pol/good/special-names.pol'));
  writeFileSync(file, original);
  const r = await runCli(['set', '--backup', file, 'offer-remote-assistance', '--state', 'enabled', '--control', 'view', '--helper', 'CONTOSO\\HelpDesk']);
  assert.is(r.code, 0, r.stderr);
  assert.ok(sameBytes(readBytes(`${file}.bak`), original));
  assert.is(readPolicies(polToOps(decodePol(readBytes(file))).ops).policies[0]!.state, 'enabled');
  const edited = readBytes(file);
  // A second --backup would replace the original in the .bak with the first edit: refused, nothing written.
  const again = await runCli(['set', '--backup', file, 'offer-remote-assistance', '--state', 'disabled']);
  assert.is(again.code, 2);
  assert.match(again.stderr, 'OUTPUT_EXISTS');
  assert.ok(sameBytes(readBytes(`${file}.bak`), original));
  assert.ok(sameBytes(readBytes(file), edited));
  const valueAgain = await runCli(['set-value', '--backup', file, 'Software\\Policies\\X', 'v', '--type', 'REG_DWORD', '--data', '1']);
  assert.is(valueAgain.code, 2);
  assert.ok(sameBytes(readBytes(file), edited));
  const bad = await runCli(['set', file, 'offer-remote-assistance', '--state', 'enabled', '--helper', 'A\\B', '--helper', 'a\\b']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, 'POLICY_DUPLICATE_HELPER');
  assert.ok(sameBytes(readBytes(file), edited));
  const broken = path.join(tmp, 'broken.pol');
  writeFileSync(broken, readBytes(fixture('pol/corrupt/size-past-end.pol')));
  const b = await runCli(['set', broken, 'RA_Unsolicit', '--state', 'disabled']);
  assert.is(b.code, 2);
  assert.ok(sameBytes(readBytes(broken), readBytes(fixture('pol/corrupt/size-past-end.pol'))));
  assert.not.ok(existsSync(`${broken}.bak`));
});

test('CLI build, show, check, policies', async () => {
  const out = path.join(tmp, 'ra.reg');
  const b = await runCli(['build', 'offer-remote-assistance', '--state', 'enabled', '--control', 'view', '--helper', 'CONTOSO\\HelpDesk', '-o', out]);
  assert.is(b.code, 0, b.stderr);
  assert.match(b.stderr, 'POLICY_NOTE'); // the firewall reminder
  const show = await runCli(['show', out]);
  assert.match(show.stdout, 'Configure Offer Remote Assistance (RA_Unsolicit): Enabled');
  assert.match(show.stdout, 'helpers: CONTOSO\\HelpDesk');
  const json = JSON.parse((await runCli(['show', '--json', out])).stdout);
  assert.equal(json.policies[0].options, { control: 'view', helpers: ['CONTOSO\\HelpDesk'] });
  assert.ok(json.policies[0].evidence.every((e: { line: number }) => e.line > 0));
  assert.is((await runCli(['check', out])).code, 0);
  const full = path.join(tmp, 'full.pol');
  await runCli(['build', 'RA_Unsolicit', '--state', 'enabled', '--helper', 'CONTOSO\\HelpDesk', '-o', full]);
  const c = await runCli(['check', full]);
  assert.is(c.code, 1);
  assert.match(c.stdout, 'POLICY_FULL_CONTROL');
  assert.is((await runCli(['check', fixture('pol/corrupt/empty.pol')])).code, 2);
  const fromJson = path.join(tmp, 's.json');
  writeFileSync(fromJson, JSON.stringify({ state: 'disabled' }));
  const d = await runCli(['build', 'offer-remote-assistance', '--from', fromJson, '-o', '-', '--to', 'pol']);
  assert.ok(sameBytes(d.stdoutBytes, readBytes(fixture('policies/offer-remote-assistance/disabled.pol'))));
  const solicited = await runCli(['build', 'RA_Solicit', '--state', 'enabled', '--option', 'expiry=3', '--option', 'units=days', '-o', '-', '--to', 'reg']);
  assert.is(solicited.code, 0, solicited.stderr);
  const p = await runCli(['policies', '--json']);
  assert.equal(JSON.parse(p.stdout).map((x: { name: string }) => x.name), ['RA_Unsolicit', 'RA_Solicit']);
  assert.match((await runCli(['policies'])).stdout, 'offer-remote-assistance');
  const usage = await runCli(['build', 'offer-remote-assistance', '-o', path.join(tmp, 'x.pol')]);
  assert.is(usage.code, 2);
  assert.match(usage.stderr, '--state');
  for (const c2 of ['build', 'set', 'show', 'check', 'policies']) assert.match((await runCli([c2, '--help'])).stdout, 'Examples:');
});

test.run();
