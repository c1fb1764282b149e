/** Editing a .reg at the document level: encoding, header, line ends and dialect are the file's own. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPolicyDefinitions } from '../src/admx/load.js';
import { applyRegEdit, openReg } from '../src/formats/reg/edit.js';
import { readPolicies, setPolicyInReg } from '../src/index.js';
import { parseReg, regToOps } from '../src/reg.js';
import { fixture } from './helpers.js';

const set = await loadPolicyDefinitions(fixture('admx/all-elements'));
const ansi = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

test('REGEDIT4 round trip: expandable and multi-string options are written in the code page and read back', () => {
  const before = ansi('REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\Software\\Other]\n"x"="y"\n');
  const setting = { state: 'enabled', Name: 'café', Path: '%SystemRoot%\\gpreg', Lines: ['a', 'b'] };
  const { bytes, diagnostics } = setPolicyInReg(before, set.find('Texts'), setting);
  const text = Buffer.from(bytes).toString('latin1');
  assert.ok(text.startsWith('REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\Software\\Other]\n"x"="y"\n'), 'the file\'s own lines and line ends stay');
  assert.not.match(text, '\r\n');
  // hex(2) of "%S…" in ANSI is 25,53,…; in UTF-16 it would be 25,00,53,00,….
  assert.match(text, /"Path"=hex\(2\):25,53,79,73/);
  assert.equal(diagnostics.filter((d) => d.severity === 'error'), []);
  const r = readPolicies(regToOps(parseReg(bytes)), { catalog: set });
  const p = r.policies.find((x) => x.policy === 'Texts')!;
  assert.is(p.state, 'enabled');
  assert.equal(Object.fromEntries(p.options), { Name: 'café', Path: '%SystemRoot%\\gpreg', Combo: 'two', Lines: ['a', 'b'] });
});

test('a 5.00 file stays UTF-16LE with CRLF; setting twice replaces the block, leaving no gap', () => {
  const before = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\Software\\Other]\r\n"x"="y"\r\n\r\n', 'utf16le')]));
  const once = setPolicyInReg(before, set.find('Choice'), { state: 'enabled' }).bytes;
  const twice = setPolicyInReg(once, set.find('Choice'), { state: 'enabled' }).bytes;
  assert.equal(twice, once);
  assert.equal([...once.subarray(0, 2)], [0xff, 0xfe]);
  const doc = parseReg(once);
  assert.is(doc.header, '5.00');
  assert.equal(doc.diagnostics, []);
});

test('applyRegEdit: removes lines and appends statements in one pass; the file\'s diagnostics are kept', () => {
  const src = openReg(ansi('REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\T]\r\n"old"="1"\r\ngarbage\r\n"keep"="2"\r\n'));
  assert.is(src.doc.diagnostics.length, 1);
  const out = applyRegEdit(src, { removeLines: [4], append: [{ op: 'deleteValue', key: 'HKEY_CURRENT_USER\\Software\\T', name: 'old' }] });
  const text = Buffer.from(out.bytes).toString('latin1');
  assert.not.match(text, '"old"="1"');
  assert.match(text, '"keep"="2"');
  assert.match(text, '"old"=-');
  assert.equal(out.diagnostics.map((d) => d.code), ['REG_IGNORED_LINE', 'REG_CREATES_KEY']); // the file's, then the new block's (a [KEY] line creates the key)
});

test.run();
