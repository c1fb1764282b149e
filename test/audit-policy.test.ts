/**
 * The advanced audit policy (audit.csv): a lossless, strict CSV document, and its settings by
 * subcategory, checked against GPMC's report of the baseline GPO that has one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { child, childrenNamed, parseXml } from '../src/admx/xml.js';
import { parseCsv, serializeCsv } from '../src/formats/csv.js';
import { readAuditPolicy } from '../src/gpo/audit-policy.js';
import { SHARED_GPOS } from './gpmc.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const HEADER = 'Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,Setting Value';

test('audit.csv: byte for byte back (BOM, CRLF or LF, quoted fields); settings named from their GUID', () => {
  const text = `\ufeff${HEADER}\r\n,System,Audit Credential Validation,{0CCE923F-69AE-11D9-BED3-505054503030},Success and Failure,,3\r\nPC1,System,"Audit Logon, renamed",{0cce9215-69ae-11d9-bed3-505054503030},"Success","",1\r\n,System,Audit Future Thing,{12345678-1234-1234-1234-123456789abc},Failure,,2\r\n`;
  const doc = parseCsv(bytes(text));
  assert.ok(doc.bom);
  assert.equal(Buffer.from(serializeCsv(doc)).toString('utf8'), text);
  const { settings, diagnostics } = readAuditPolicy(doc);
  assert.equal(settings.map((s) => [s.guid, s.subcategory, s.value, s.setting, s.line]), [
    ['{0cce923f-69ae-11d9-bed3-505054503030}', 'Audit Credential Validation', 3, 'Success and Failure', 2],
    ['{0cce9215-69ae-11d9-bed3-505054503030}', 'Audit Logon', 1, 'Success', 3],
    ['{12345678-1234-1234-1234-123456789abc}', 'Audit Future Thing', 2, 'Failure', 4],
  ]);
  assert.equal(diagnostics.map((d) => [d.code, d.line]), [['AUDIT_CSV_UNKNOWN_SUBCATEGORY', 4]]);
});

test('bad input: stray and unclosed quotes, short rows, a bad GUID, a wrong header: diagnostics with lines; the bytes still come back', () => {
  const text = `${HEADER}\n,System,Audit "Logon",{0cce9215-69ae-11d9-bed3-505054503030},Success,,1\n,System,x\n,System,y,{nope},Success,,1\n,System,"z" tail,{0cce9216-69ae-11d9-bed3-505054503030},,,0\n"never closed,\n`;
  const doc = parseCsv(bytes(text));
  assert.equal(Buffer.from(serializeCsv(doc)).toString('utf8'), text);
  const { diagnostics } = readAuditPolicy(doc);
  assert.equal(diagnostics.map((d) => `${d.code}@${d.line}`), ['CSV_BAD_FIELD@2', 'CSV_BAD_FIELD@5', 'CSV_BAD_FIELD@6', 'AUDIT_CSV_BAD_ROW@3', 'AUDIT_CSV_BAD_ROW@4', 'AUDIT_CSV_BAD_ROW@6']);
  assert.equal(readAuditPolicy(parseCsv(bytes('a,b\n1,2\n'))).diagnostics.map((d) => d.code), ['AUDIT_CSV_BAD_HEADER']);
  // A long run of quotes and commas is linear (no re-scan per field).
  const big = parseCsv(bytes(`${HEADER}\n${'"",'.repeat(300_000)}x\n`));
  assert.is(big.records[1]!.fields.length, 300_001);
});

const files: Array<{ dir: string; csv: string }> = [];
if (SHARED_GPOS) {
  for (const set of readdirSync(SHARED_GPOS)) {
    for (const g of readdirSync(path.join(SHARED_GPOS, set)).filter((n) => n.startsWith('{'))) {
      const csv = path.join(SHARED_GPOS, set, g, 'DomainSysvol', 'GPO', 'Machine', 'microsoft', 'windows nt', 'Audit', 'audit.csv');
      if (existsSync(csv)) files.push({ dir: path.join(SHARED_GPOS, set, g), csv });
    }
  }
}
if (files.length) {
  test(`real audit.csv (${files.length}): byte for byte back, and every subcategory's GUID, name and value as GPMC's report lists them`, () => {
    for (const { dir, csv } of files) {
      const b = new Uint8Array(readFileSync(csv));
      const doc = parseCsv(b);
      assert.equal(Buffer.from(serializeCsv(doc)), Buffer.from(b));
      const { settings, diagnostics } = readAuditPolicy(doc);
      assert.equal(diagnostics, []);
      const report = parseXml(readFileSync(path.join(dir, 'gpreport.xml')));
      const gpmc = childrenNamed(child(report, 'Computer')!, 'ExtensionData')
        .map((e) => child(e, 'Extension')!)
        .flatMap((e) => childrenNamed(e, 'AuditSetting'))
        .map((a) => `${child(a, 'SubcategoryGuid')!.text.toLowerCase()}|${child(a, 'SubcategoryName')!.text}|${child(a, 'SettingValue')!.text}`)
        .sort();
      assert.ok(gpmc.length > 0);
      assert.equal(settings.map((s) => `${s.guid}|${s.subcategory}|${s.value}`).sort(), gpmc, dir);
    }
  });
} else {
  test.skip('real audit.csv: ../shared/gpo-backups is absent', () => {});
  console.log('  NOTICE: audit-policy.test.ts: real audit.csv SKIPPED (../shared/gpo-backups absent)');
}

test.run();
