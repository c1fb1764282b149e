import { readFileSync, readdirSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GpregError, isGpregError } from '../src/index.js';
import { parseReg, regStatements, regToOps, type RegStatement } from '../src/reg.js';
import { applyOps, stateToJson } from '../src/registry/state.js';
import { comparableState, corpusFiles, fixture, readBytes } from './helpers.js';

const table = JSON.parse(readFileSync(fixture('reg/edge/diagnostics.json'), 'utf8')) as Record<string, { diagnostics: string[]; note?: string }>;

for (const [name, want] of Object.entries(table)) {
  const file = fixture('reg/edge', `${name}.reg`);
  test(`edge ${name}: diagnostics ${want.diagnostics.join(', ') || '(none)'}`, () => {
    const doc = parseReg(readBytes(file));
    assert.equal(doc.diagnostics.map((d) => d.code), want.diagnostics);
    for (const d of doc.diagnostics) assert.ok(d.line! >= 1 && d.column! >= 1, JSON.stringify(d));
  });
  const wine = fixture('reg/edge', `${name}.wine.json`);
  if (existsSync(wine)) {
    test(`edge ${name}: gpreg's reading leaves what Wine's regedit import left`, () => {
      const recorded = JSON.parse(readFileSync(wine, 'utf8')) as { root: string; state: Record<string, Record<string, { type: number; data: string }>> };
      const ours = stateToJson(applyOps(regToOps(parseReg(readBytes(file)))));
      assert.equal(comparableState(ours, recorded.root), comparableState(recorded.state, recorded.root));
    });
  }
}

test('statements carry line numbers and the ops regedit performs', () => {
  const doc = parseReg(readBytes(fixture('reg/edge/delete-key.reg')));
  assert.is(doc.header, '5.00');
  assert.is(doc.encoding, 'utf-16le');
  assert.equal(doc.statements.map((s) => [s.line, s.op.op]), [
    [3, 'createKey'], [4, 'set'], [5, 'createKey'], [6, 'set'], [7, 'deleteKey'], [9, 'createKey'], [10, 'set'],
  ]);
});

test('[KEY] gives createKey unless its section sets a value', () => {
  const ops = regToOps(parseReg('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\A]\r\n\r\n[HKEY_CURRENT_USER\\B]\r\n"w"=-\r\n"v"="x"\r\n[HKEY_CURRENT_USER\\C]\r\n"v"=-\r\n'));
  assert.equal(ops.map((o) => `${o.op} ${o.key}`), [
    'createKey HKEY_CURRENT_USER\\A',
    'deleteValue HKEY_CURRENT_USER\\B',
    'set HKEY_CURRENT_USER\\B',
    'createKey HKEY_CURRENT_USER\\C',
    'deleteValue HKEY_CURRENT_USER\\C',
  ]);
});

test('a rejected header: statements kept for the audit, no ops (regedit imports nothing)', () => {
  const doc = parseReg(readBytes(fixture('reg/edge/header-trailing-blank.reg')));
  assert.is(doc.accepted, false);
  assert.is(doc.statements.length, 2);
  assert.equal(regToOps(doc), []);
  assert.throws(() => parseReg(readBytes(fixture('reg/edge/header-trailing-blank.reg')), { strict: true }), (e: GpregError) => e.code === 'REG_BAD_HEADER');
});

test('strict mode throws at the first error with line and column', () => {
  try {
    parseReg(readBytes(fixture('reg/edge/dword-forms.reg')), { strict: true });
    assert.unreachable();
  } catch (e) {
    assert.is((e as GpregError).code, 'REG_BAD_DWORD');
    assert.is((e as GpregError).line, 6);
    assert.match((e as GpregError).message, /^line 6, column \d+: dword has 9 hex digits/);
  }
});

const notReg: Array<[string, Uint8Array, string]> = [
  ['UTF-8 BOM', new Uint8Array(Buffer.from('\ufeffWindows Registry Editor Version 5.00\r\n', 'utf8')), 'REG_UTF8_BOM'],
  ['UTF-16 without BOM', new Uint8Array(Buffer.from('Windows Registry Editor Version 5.00\r\n', 'utf16le')), 'REG_UTF16_NO_BOM'],
  ['Wine hive', new Uint8Array(Buffer.from('WINE REGISTRY Version 2\n;; All keys relative to \\\\User\\\\S-1-5-21\n', 'latin1')), 'REG_WINE_HIVE'],
  ['PReg', new Uint8Array([0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0]), 'REG_NOT_TEXT'],
  ['binary', new Uint8Array([0x41, 0x42, 0, 0x10, 0xff]), 'REG_NOT_TEXT'],
  ['random text', new Uint8Array(Buffer.from('hello world\r\n[HKEY_CURRENT_USER\\X]\r\n')), 'REG_BAD_HEADER'],
  ['empty', new Uint8Array(0), 'REG_BAD_HEADER'],
];
for (const [what, bytes, code] of notReg) {
  test(`not a .reg regedit reads: ${what} → ${code}`, () => {
    assert.throws(() => parseReg(bytes), (e: GpregError) => e.code === code && /regedit|\.reg/.test(e.message));
  });
}

test('UTF-8 text is read when asked (--encoding utf-8), never silently', () => {
  const bytes = new Uint8Array(Buffer.from('\ufeffWindows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\X]\r\n"v"="é"\r\n', 'utf8'));
  const doc = parseReg(bytes, { codePage: 'utf-8' });
  assert.is(doc.encoding, 'utf-8');
  const op = doc.statements[1]!.op;
  assert.is(op.op === 'set' && Buffer.from(op.data).toString('utf16le'), 'é\0');
});

test('another ANSI code page is selectable', () => {
  const bytes = new Uint8Array([...Buffer.from('REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\X]\r\n"v"="'), 0xe6, ...Buffer.from('"\r\n')]);
  const cyr = parseReg(bytes, { codePage: 'windows-1251' }).statements[1]!.op;
  assert.is(cyr.op === 'set' && Buffer.from(cyr.data).toString('utf16le'), 'ж\0');
  const west = parseReg(bytes).statements[1]!.op;
  assert.is(west.op === 'set' && Buffer.from(west.data).toString('utf16le'), 'æ\0');
  assert.throws(() => parseReg(bytes, { codePage: 'klingon' }), (e: GpregError) => e.code === 'REG_BAD_ENCODING');
});

const corpus = corpusFiles('reg', '.reg');
if (corpus.length === 0) console.log('  (corpus not found: corpus .reg files skipped)');
for (const file of corpus) {
  test(`corpus ${path.basename(file)}: read without throwing, or rejected as not a .reg`, () => {
    try {
      const doc = parseReg(readBytes(file));
      assert.ok(Array.isArray(doc.statements));
    } catch (e) {
      assert.ok(isGpregError(e), String(e));
      // Only a file that is no .reg at all may be refused (the corpus has one: a Wine hive).
      assert.is((e as GpregError).code, 'REG_WINE_HIVE', (e as GpregError).message);
    }
  });
}

/** Every edge fixture and corpus file, and two files of lines on the edge of what the fast paths read. */
function parseCases(): Array<[string, Uint8Array]> {
  const files = [...readdirSync(fixture('reg', 'edge')).map((f) => fixture('reg', 'edge', f)), ...corpusFiles('reg', '.reg')].filter((f) => f.endsWith('.reg'));
  assert.ok(files.length > 20);
  // A canonical export with wrapped hex, and the same with a continuation line that is not canonical (tab, comment, blank).
  const wrapped = Buffer.from('\ufeffWindows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\T]\r\n"a"=hex:01,02,\\\r\n  03,04,\\\r\n\t05,\\ ; c\r\n\r\n  06\r\n"b"=hex(7):41,00,\\\r\n  00,00,00,00\r\n"c"=hex:aa,\\\r\n  bb,\r\n"d"=hex:0a,\\', 'utf16le');
  // Value lines on the edge of canonical: each must read as the general path reads it.
  const edgy = Buffer.from(
    '\ufeffWindows Registry Editor Version 5.00\r\n\r\n"orphan"=dword:1\r\n[HKEY_CURRENT_USER\\E]\r\n' +
      ['"a"=dword:0000000A', '"b"=dword:123456789', '"c"=dword:', '"d"=dword: 1', '"e" = dword:1', '"f"=dword:1 ; c', '"g"=dword:1 ', '@=dword:ffffffff',
       '"h"="x\\"y"', '"i"="tab\there"', '"j"=""', '"k"="a" ', '"l"="a";c', '"m\\"n"="v"', '@="d"', '"o"="\u00e9\u4e2d"',
       '"p"=hex:', '"q"=hex(2):41,00,00,00', '"r"=hex(0x2):41,00', '"s"=hex(7):41,00,00,00,00,00', '"t"=hex(100000000):00', '"u"=hex(ffffffff):01', '"v"=hex:1,2', '"w"=hex:01,', '"x"=hex:01 ,02', '"y"=hex(b):01,02,03,04,05,06,07,08', '"z"=hex:01,02,\\ ; more', '  03',
       '"A"=-', '"B"=hex(2):41', '"C"=str:"x"', '"D"=DWORD:1', '"E"=hex:0g'].join('\r\n') + '\r\n[-HKEY_CURRENT_USER\\E]\r\n"after"=dword:1\r\n',
    'utf16le',
  );
  return [...files.map((f): [string, Uint8Array] => [f, readBytes(f)]), ['wrapped', new Uint8Array(wrapped)], ['edgy', new Uint8Array(edgy)]];
}

test('the fast paths (16-bit line scan, hex continuation lines read from the bytes) read every file as the general path does', () => {
  // A copy at an odd byte offset cannot be viewed as 16-bit units: it takes the general path.
  for (const [name, bytes] of parseCases()) {
    const odd = new Uint8Array(bytes.length + 1).subarray(1);
    odd.set(bytes);
    const read = (b: Uint8Array) => {
      try {
        const d = parseReg(b);
        return { statements: d.statements, diagnostics: d.diagnostics };
      } catch (e) {
        return { error: String(e) };
      }
    };
    assert.equal(read(bytes), read(odd), name);
  }
  const d = parseReg(parseCases().find(([name]) => name === 'wrapped')![1]);
  assert.equal(d.statements.filter((st) => st.op.op === 'set').map((st) => [(st.op as { name: string }).name, Buffer.from((st.op as { data: Uint8Array }).data).toString('hex'), st.line, st.endLine]), [
    ['a', '010203040506', 4, 8],
    ['b', '410000000000', 9, 10],
    ['c', 'aabb', 11, 12],
    ['d', '0a', 13, undefined],
  ]);
});

test('regStatements yields, one at a time, what parseReg lists, and returns the rest of the document (lenient and strict)', () => {
  const outcome = <T>(f: () => T): T | { error: string } => {
    try {
      return f();
    } catch (e) {
      return { error: String(e) };
    }
  };
  for (const [name, bytes] of parseCases()) {
    for (const strict of [false, true]) {
      const whole = outcome(() => parseReg(bytes, { strict }));
      const streamed = outcome(() => {
        const statements: RegStatement[] = [];
        const it = regStatements(bytes, { strict });
        for (let r = it.next(); ; r = it.next()) {
          if (r.done) return { ...r.value, statements };
          statements.push(r.value);
        }
      });
      // Key order aside (the head comes back without statements), the same document or the same error.
      assert.equal(streamed, whole, `${name} strict=${strict}`);
    }
  }
});

test.run();
