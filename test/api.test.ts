/**
 * The public API: the package root is the library only. Adding or removing a name is a decision:
 * update this list, docs/api.md and the changelog of the closing note together.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as root from '../src/index.js';
import * as render from '../src/render.js';
import { ROOT } from './helpers.js';

test('the package root exports exactly these names', () => {
  assert.equal(Object.keys(root).sort(), ROOT_NAMES);
});

test('gpreg/render exports the renderers for people', () => {
  assert.equal(Object.keys(render).sort(), ['STATE_LABELS', 'auditFailed', 'auditJson', 'diffJson', 'formatAudit', 'formatAuditCsv', 'formatAuditHtml', 'formatDiagnostic', 'formatDiff', 'formatDiffHtml', 'formatEffect', 'formatOption', 'formatPosition', 'formatSettingsHtml', 'formatValue', 'unifiedDiff']);
});

/** Every module the root reaches, by following relative imports from src/index.ts. */
function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (/^import type|^export type/.test(m[0])) continue;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}

test('importing the root loads neither yargs nor diff, nor any CLI or renderer module', () => {
  const { files, packages } = reachable(path.join(ROOT, 'src', 'index.ts'));
  assert.not.ok(packages.has('yargs'), 'yargs');
  assert.not.ok(packages.has('diff'), 'diff');
  for (const f of files) assert.not.match(path.relative(ROOT, f), /^src\/(cli\/|diff\/render|audit\/render)/);
});

const ROOT_NAMES = [
  'BUILTIN', 'CATALOG', 'CONVERT_TARGETS', 'DEFAULT_CODE_PAGE', 'ERROR_CODES', 'GpregError', 'POL_SIGNATURE',
  'POL_VERSION', 'PolicySet', 'RegType', 'applyChanges', 'applyOps', 'auditTree', 'buildPolicies',
  'buildPolicy', 'checkSetting', 'convert', 'decodeAnsi', 'decodeMultiString', 'decodePol', 'decodeRegBytes',
  'decodeString', 'decodeValue', 'describeSecurityOption', 'detectFileFormat', 'detectFormat', 'diffEffects', 'diffOps',
  'diffPolicies', 'diffSideParts', 'editInf', 'effectOf', 'effectToOps', 'encodeAnsi', 'encodeDword', 'encodeMultiString', 'encodePol',
  'encodeQword', 'encodeString', 'encodeValue', 'findElement', 'findPolicy', 'findPolicyFiles', 'foldName',
  'formatFromPath', 'formatRegType', 'fromHex', 'hiveAbbreviation', 'hiveFromName', 'hiveFromPolPath',
  'isGpregError', 'joinKey', 'loadBytes', 'loadPolicyDefinitions', 'opFromJson', 'opToJson', 'opTouches', 'opsToPol',
  'opsToReg', 'parentKey', 'parseCsv', 'parseGpregJson', 'parseHive', 'parseInf', 'parseKeyQuery', 'parseReg', 'parseRegType', 'parseState',
  'polDumpJson', 'polHive', 'polRecord', 'polRecordToJson', 'polRecords', 'polToOps', 'policyHive',
  'policyId', 'presentOptions', 'readAuditPolicy', 'readGpo', 'readPolicies', 'readRegistryPreferences', 'readSecurityTemplate', 'regDumpJson', 'regStatements', 'regToOps', 'regTypeName', 'sameName',
  'serializeCsv', 'serializeInf', 'serializeReg', 'setPolicyInPol', 'setPolicyInReg', 'splitKey', 'stateToJson', 'toHex',
];

test.run();
