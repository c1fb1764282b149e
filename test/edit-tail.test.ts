/**
 * An edit of a `.reg` lands where it says whatever the file's last line is. Each file below is cut
 * at every byte (so its tail is a continued hex value, an unclosed string, a key line without `]`,
 * a comment, half a line end, no line end at all…), in every dialect and encoding regedit reads and
 * with every line-end style; every cut that can be edited is edited with `set-value` and with `set`,
 * and what the written file does must be what the old file did followed by the edit. The
 * expectation is computed here from the parser and the effect model, not by the editor's own check.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { diffOps, GpregError, setPolicyInReg, type RegOp } from '../src/index.js';
import { decodePol, encodePol, opsToPol, polToOps } from '../src/pol.js';
import { parseReg, regToOps } from '../src/reg.js';
import { editPolOp, editRegOp } from '../src/edit/values-in-file.js';
import { checkedRegEdit } from '../src/edit/verify.js';
import { openReg } from '../src/formats/reg/edit.js';
import { runCli, tempDir } from './helpers.js';
import { buildPolicy } from '../src/policy/build.js';
import { findPolicy } from '../src/policy/catalog/index.js';

const BODY = [
  '',
  '[HKEY_CURRENT_USER\\Software\\A]',
  '"s"="semi;colon"',
  '"c"=hex:01,02,\\',
  '  03, \\ ; comment after the backslash',
  '  ; a comment inside the value',
  '',
  '  04',
  '"m"=hex(7):41,00,00,00,\\',
  '[HKEY_CURRENT_USER\\Software\\B',
  '"u"="unclosed',
  '"d"=dword:1 ; trailing comment',
  '@="default"',
  '"e"=hex(2):41,00,42,\\',
];

const HEADERS = ['Windows Registry Editor Version 5.00', 'REGEDIT4'];
const EOLS = ['\r\n', '\n', '\r'];

function encode(text: string, utf16: boolean): Uint8Array {
  return new Uint8Array(utf16 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text, 'latin1'));
}

const VALUE: RegOp = { op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Fz', name: 'V', type: 4, data: new Uint8Array([1, 0, 0, 0]) };
/** String data in hex(7): written in the code page in an ANSI file, as UTF-16 in a Unicode one, whatever the header. */
const MULTI: RegOp = { op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Fz', name: 'M', type: 7, data: new Uint8Array(Buffer.from('café\0b\0\0', 'utf16le')) };
const RA = findPolicy('offer-remote-assistance');
const SETTING = { state: 'enabled', control: 'view', helpers: ['CONTOSO\\HelpDesk'] };
const RA_OPS = buildPolicy(RA, SETTING, { target: 'reg' }).ops;

test('set-value and set on a .reg cut at every byte: the new statements land where they say, nothing else changes', () => {
  let edits = 0;
  let tails = 0;
  let stops = 0;
  for (const header of HEADERS) {
    for (const eol of EOLS) {
      for (const utf16 of [true, false]) {
        const whole = encode(header + eol + BODY.join(eol), utf16);
        const start = encode(header, utf16).length;
        for (let cut = start; cut <= whole.length; cut++) {
          const bytes = whole.subarray(0, cut);
          let doc: ReturnType<typeof parseReg>;
          try {
            doc = parseReg(bytes);
          } catch {
            continue; // not a file regedit reads (half a header): nothing to edit
          }
          if (!doc.accepted) continue;
          if (doc.stoppedAt !== undefined) {
            // regedit's import stops before the end (a one-byte string value): nothing added after
            // it would be imported, so the edit is refused, naming that line.
            assert.throws(() => editRegOp(bytes, VALUE), (e: GpregError) => e.code === 'REG_BAD_HEX' && e.line === doc.stoppedAt);
            stops++;
            continue;
          }
          const before = regToOps(doc);
          if (doc.openValue) tails++;
          for (const [what, edit, ops] of [
            ['set-value', () => editRegOp(bytes, VALUE).bytes, [VALUE]],
            ['set-value REG_MULTI_SZ', () => editRegOp(bytes, MULTI).bytes, [MULTI]],
            ['set', () => setPolicyInReg(bytes, RA, SETTING).bytes, RA_OPS],
          ] as const) {
            const label = `${what}, ${header}, ${JSON.stringify(eol)}, ${utf16 ? 'UTF-16' : 'ANSI'}, cut at byte ${cut}`;
            let after: Uint8Array;
            try {
              after = edit();
            } catch (e) {
              assert.unreachable(`${label}: refused: ${(e as Error).message}`);
              return;
            }
            const changes = diffOps([...before, ...ops], regToOps(parseReg(after)));
            assert.equal(changes, [], label);
            edits++;
          }
        }
      }
    }
  }
  assert.ok(tails > 100, `cuts inside a continued value: ${tails}`);
  assert.ok(edits > 6000, `edits checked: ${edits}`);
  assert.ok(stops > 0 && stops < edits / 20, `edits refused where the import stops: ${stops}`);
});

const utf16 = (text: string) => encode(text, true);

test('the issue\'s file: set-value into a UTF-16 .reg ending in "c"=hex:01,\\ keeps c and puts V under its own key', async () => {
  const dir = tempDir('gpreg-tail-');
  const file = path.join(dir, 'c.reg');
  for (const tail of ['', '\r\n']) {
    writeFileSync(file, utf16(`Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\A]\r\n"c"=hex:01,\\${tail}`));
    const r = await runCli(['set-value', file, 'HKEY_LOCAL_MACHINE\\Software\\Fz', 'V', '--type', 'REG_DWORD', '--data', '1']);
    assert.is(r.code, 0, r.stderr);
    const ops = regToOps(parseReg(new Uint8Array(readFileSync(file))));
    const sets = ops.filter((o) => o.op === 'set').map((o) => `${o.key}\\${o.op === 'set' ? o.name : ''}`);
    assert.equal(sets, ['HKEY_CURRENT_USER\\Software\\A\\c', 'HKEY_LOCAL_MACHINE\\Software\\Fz\\V']);
  }
});

test('the read-back check refuses an edit whose written file would mean something else (EDIT_MISMATCH)', () => {
  // The editor's own knowledge of the open value taken away: the check alone must stop the write.
  const bytes = utf16('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\A]\r\n"c"=hex:01,\\');
  const src = openReg(bytes);
  assert.ok(src.doc.openValue, 'the parser says where the open value continues');
  const { openValue: _, ...doc } = src.doc;
  try {
    checkedRegEdit({ ...src, doc }, { append: [VALUE] });
    assert.unreachable('refused');
  } catch (e) {
    assert.instance(e, GpregError);
    assert.is((e as GpregError).code, 'EDIT_MISMATCH');
    assert.match((e as Error).message, 'HKEY_CURRENT_USER\\Software\\A "c"');
  }
});

test('a .reg whose import stops at [-HKEY_LOCAL_MACHINE] is not edited: nothing after it would be imported', () => {
  const bytes = utf16('Windows Registry Editor Version 5.00\r\n\r\n[-HKEY_LOCAL_MACHINE]\r\n');
  try {
    editRegOp(bytes, VALUE);
    assert.unreachable('refused');
  } catch (e) {
    assert.is((e as GpregError).code, 'REG_DELETE_STOPS_IMPORT');
    assert.is((e as GpregError).line, 3);
  }
});

test('.pol: a value whose old place a later record undoes (**DeleteValues) is set at the end, where it holds', () => {
  const K = 'HKEY_LOCAL_MACHINE\\Software\\K';
  const before = encodePol(opsToPol([
    { op: 'set', key: K, name: 'a', type: 4, data: new Uint8Array([1, 0, 0, 0]) },
    { op: 'set', key: K, name: 'z', type: 4, data: new Uint8Array([2, 0, 0, 0]) },
    { op: 'deleteValues', key: K, names: ['a', 'b'] },
  ]));
  const op: RegOp = { op: 'set', key: K, name: 'a', type: 4, data: new Uint8Array([7, 0, 0, 0]) };
  const after = editPolOp(before, op).bytes;
  const ops = polToOps(decodePol(after)).ops;
  const beforeOps = polToOps(decodePol(before)).ops.filter((o) => !(o.op === 'set' && o.name === 'a'));
  assert.equal(diffOps([...beforeOps, op], ops), []);
  assert.equal(decodePol(after).records.map((r) => r.name), ['z', '**DeleteValues', 'a']);
});

test.run();
