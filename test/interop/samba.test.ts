/**
 * Interop with Samba's PReg decoder and encoder (python3-samba, C NDR code): what gpreg decodes
 * is what Samba decodes, files gpreg writes are read back by Samba unchanged, and files Samba
 * writes are what gpreg reads. Required in CI (CI=true); skipped with a notice elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type RegOp } from '../../src/index.js';
import { decodePol, encodePol, opsToPol, polRecord, type PolRecord } from '../../src/pol.js';
import { decodeString } from '../../src/registry/values.js';
import { corpusFiles, fixture, readBytes, ROOT, runCli, sameBytes, tempDir } from '../helpers.js';

const PYTHON = '/usr/bin/python3'; // Debian's interpreter: another python3 on PATH does not see python3-samba
const ORACLE = path.join(ROOT, 'test', 'interop', 'samba_preg.py');

type SambaValue = { str: string } | { int: string } | { hex: string } | null;
interface SambaEntry {
  key: string;
  name: string;
  type: number;
  value: SambaValue;
}

const available = spawnSync(PYTHON, ['-c', 'import samba.ndr, samba.dcerpc.preg'], { encoding: 'utf8' }).status === 0;

function samba(request: unknown): { decode?: Array<{ entries?: SambaEntry[]; error?: string; version?: number }>; encode?: string[] } {
  const r = spawnSync(PYTHON, [ORACLE], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`Samba oracle failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** gpreg's record in Samba's form (see samba_preg.py). */
function canonical(r: PolRecord): SambaEntry {
  const view = new DataView(r.data.buffer, r.data.byteOffset, r.data.byteLength);
  let value: SambaValue;
  if (r.type === 0) value = null;
  else if (r.type === 1 || r.type === 2) value = { str: decodeString(r.data) };
  else if (r.type === 4 && r.size === 4) value = { int: String(view.getUint32(0, true)) };
  else if (r.type === 5 && r.size === 4) value = { int: String(view.getUint32(0, false)) };
  else if (r.type === 11 && r.size === 8) value = { int: String(view.getBigUint64(0, true)) };
  else value = { hex: Buffer.from(r.data).toString('hex') };
  return { key: r.key, name: r.name, type: r.type, value };
}

if (!available) {
  if (process.env['CI']) {
    test('Samba (python3-samba) is installed, as CI requires', () => {
      assert.unreachable(`${PYTHON} cannot import samba: .ci/run must apt-get install python3-samba`);
    });
  } else {
    console.log('\n  NOTICE: Samba interop tests SKIPPED: python3-samba is not installed (apt-get install python3-samba).\n');
  }
} else {
  const tmp = tempDir('gpreg-samba-');
  test.after(() => rmSync(tmp, { recursive: true, force: true }));

  // Files gpreg itself writes: random records (fixed seed), ops through opsToPol, and the CLI's output.
  const written: string[] = [];
  const name = fc.string({ unit: fc.constantFrom('a', 'Z', '\\', ' ', 'é', '1', '_', '€', '漢'), minLength: 1, maxLength: 10 });
  const recordArb = fc.oneof(
    fc.record({ k: name, n: name, s: name }).map(({ k, n, s }) => polRecord(k, n, 1, new Uint8Array(Buffer.from(s + '\0', 'utf16le')))),
    fc.record({ k: name, n: name, v: fc.nat({ max: 0xffffffff }) }).map(({ k, n, v }) => {
      const d = new Uint8Array(4);
      new DataView(d.buffer).setUint32(0, v, true);
      return polRecord(k, n, 4, d);
    }),
    fc.record({ k: name, n: name, b: fc.uint8Array({ maxLength: 33 }) }).map(({ k, n, b }) => polRecord(k, n, 3, b)),
    fc.record({ k: name, n: name, s: fc.array(name, { maxLength: 3 }) }).map(({ k, n, s }) => polRecord(k, n, 7, new Uint8Array(Buffer.from(s.map((x) => x + '\0').join('') + '\0', 'utf16le')))),
  );
  fc.sample(fc.array(recordArb, { maxLength: 25 }), { numRuns: 40, seed: 20261123 }).forEach((records, i) => {
    const file = path.join(tmp, `random-${i}.pol`);
    writeFileSync(file, encodePol({ records }));
    written.push(file);
  });
  const ops: RegOp[] = [
    { op: 'deleteAllValues', key: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\X\\List' },
    { op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\X\\List', name: 'CONTOSO\\HelpDesk', type: 1, data: new Uint8Array(Buffer.from('CONTOSO\\HelpDesk\0', 'utf16le')) },
    { op: 'deleteValue', key: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\X', name: 'old' },
    { op: 'deleteKey', key: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\X\\Gone' },
    { op: 'createKey', key: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\X\\Empty' },
    { op: 'secureKey', key: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\X', secure: true },
  ];
  const opsFile = path.join(tmp, 'ops.pol');
  writeFileSync(opsFile, encodePol(opsToPol(ops)));
  written.push(opsFile);

  const goodFixtures = readdirSync(fixture('pol/good')).filter((f) => f.endsWith('.pol')).map((f) => fixture('pol/good', f));
  const corpus = corpusFiles('pol', '.pol');
  if (corpus.length === 0) console.log('  NOTICE: corpus not found; Samba comparison runs on fixtures and written files only');

  test('the CLI writes files Samba reads (convert json → pol)', async () => {
    const json = path.join(tmp, 'cli.json');
    const out = path.join(tmp, 'cli.pol');
    assert.is((await runCli(['convert', fixture('pol/good/every-type.pol'), json])).code, 0);
    assert.is((await runCli(['convert', json, out])).code, 0);
    const [answer] = samba({ decode: [out] }).decode!;
    assert.equal(answer!.entries, decodePol(readBytes(out)).records.map(canonical));
  });

  const all = [...goodFixtures, ...written, ...corpus];
  test(`gpreg decodes what Samba decodes: ${goodFixtures.length} fixtures, ${written.length} files gpreg wrote, ${corpus.length} corpus files`, () => {
    const answers = samba({ decode: all }).decode!;
    all.forEach((file, i) => {
      const a = answers[i]!;
      assert.ok(a.entries, `Samba rejected ${file}: ${a.error}`);
      assert.equal(decodePol(readBytes(file)).records.map(canonical), a.entries, path.basename(file));
    });
  });

  test('Samba writes what gpreg reads, and the same bytes gpreg writes for canonical records', () => {
    const files = [...written, fixture('pol/good/special-names.pol'), ...corpus];
    const entryLists = files.map((f) => decodePol(readBytes(f)).records.map(canonical));
    const packed = samba({ encode: entryLists }).encode!;
    files.forEach((file, i) => {
      const bytes = new Uint8Array(Buffer.from(packed[i]!, 'hex'));
      assert.equal(decodePol(bytes).records.map(canonical), entryLists[i], path.basename(file));
    });
    // Files gpreg wrote hold canonical data (strings with one NUL), so Samba packs the same bytes.
    written.forEach((file, i) => {
      assert.ok(sameBytes(new Uint8Array(Buffer.from(packed[i]!, 'hex')), readBytes(file)), path.basename(file));
    });
  });

  test('corrupt fixtures: gpreg rejects each; Samba rejects those it can see are broken', () => {
    const dir = fixture('pol/corrupt');
    const files = readdirSync(dir).filter((f) => f.endsWith('.pol'));
    const answers = samba({ decode: files.map((f) => path.join(dir, f)) }).decode!;
    const sambaAccepts: string[] = [];
    files.forEach((f, i) => {
      assert.throws(() => decodePol(readBytes(path.join(dir, f))), undefined, f);
      if (!answers[i]!.error) sambaAccepts.push(f);
    });
    // Samba's NDR code checks sizes only: it reads the signature, the version and the '[' ';' ']'
    // delimiters as plain numbers without checking them. Windows skips a file whose signature or
    // version is wrong, so gpreg rejects these on purpose; every other corrupt file Samba rejects too.
    assert.equal(sambaAccepts.sort(), ['bad-signature.pol', 'missing-rbracket.pol', 'version-2.pol']);
  });
}

test.run();
