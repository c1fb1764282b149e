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
import { reachable, ROOT } from './helpers.js';

test('the package root exports exactly these names', () => {
  assert.equal(Object.keys(root).sort(), ROOT_NAMES);
});

test('gpreg/render exports the renderers for people, each render* (or *Json), from src/render/', () => {
  assert.equal(Object.keys(render).sort(), ['STATE_LABELS', 'auditFailed', 'auditJson', 'baselineJson', 'comparisonJson', 'diffJson', 'renderAudit', 'renderAuditCsv', 'renderAuditHtml', 'renderBaselineCheck', 'renderBaselineCsv', 'renderComparison', 'renderComparisonCsv', 'renderDiagnostic', 'renderDiff', 'renderDiffHtml', 'renderEffect', 'renderOption', 'renderPartChanges', 'renderPosition', 'renderRecords', 'renderReport', 'renderSettingsHtml', 'renderSideParts', 'renderValue', 'reportJson', 'sidePartsJson', 'unifiedDiff']);
  // One verb: no exported function anywhere in src/ is named format* unless it is about a file format.
  const { files } = reachable(path.join(ROOT, 'src', 'render.ts'));
  for (const f of [...files, ...reachable(path.join(ROOT, 'src', 'cli', 'main.ts')).files]) {
    for (const m of readFileSync(f, 'utf8').matchAll(/export (?:async )?function (format\w+)/g)) assert.ok(/^formatFrom/.test(m[1]!), `${path.relative(ROOT, f)}: ${m[1]}`);
  }
});


test('importing the root loads neither yargs nor diff, nor any CLI or renderer module', () => {
  const { files, packages } = reachable(path.join(ROOT, 'src', 'index.ts'));
  assert.not.ok(packages.has('yargs'), 'yargs');
  assert.not.ok(packages.has('diff'), 'diff');
  for (const f of files) assert.not.match(path.relative(ROOT, f), /^src\/(cli\/|render\/(diff|effect|audit|html)\b)/);
});

const ROOT_NAMES = [
  'BUILTIN', 'CATALOG', 'CONVERT_TARGETS', 'ERROR_CODES', 'GpregError', 'PolicySet', 'RegType', 'auditTree',
  'buildPolicies', 'buildPolicy', 'checkSetting', 'compareSources', 'convert', 'detectFileFormat', 'diffEffects', 'diffOps',
  'diffPolicies', 'diffSideParts', 'effectOf', 'findPolicy', 'foldName', 'isGpregError', 'joinKey', 'loadBytes',
  'loadPolicyDefinitions', 'opFromJson', 'opToJson', 'opTouches', 'parseHive', 'parseKeyQuery', 'policyId',
  'presentOptions', 'readGpo', 'readPolicies', 'setPolicyInPol', 'setPolicyInReg', 'splitKey',
];

/** The subpaths and their runtime names: the codecs and helpers the root leaves out (issue #23). */
const SUBPATHS: Record<string, string[]> = {
  pol: ['POL_SIGNATURE', 'POL_VERSION', 'decodePol', 'encodePol', 'hiveFromPolPath', 'opsToPol', 'polDumpJson', 'polRecord', 'polRecordToJson', 'polRecords', 'polToOps'],
  reg: ['DEFAULT_CODE_PAGE', 'decodeRegBytes', 'opsToReg', 'parseReg', 'regDumpJson', 'regStatements', 'regToOps', 'serializeReg'],
  registry: ['RegType', 'applyChanges', 'applyOps', 'decodeMultiString', 'decodeString', 'decodeValue', 'effectOf', 'effectToOps', 'encodeDword', 'encodeMultiString', 'encodeQword', 'encodeString', 'encodeValue', 'foldName', 'fromHex', 'hiveAbbreviation', 'hiveFromName', 'joinKey', 'parentKey', 'parseHive', 'parseRegType', 'regTypeName', 'renderRegType', 'sameName', 'splitKey', 'stateToJson', 'toHex'],
  admx: ['BUILTIN', 'CATALOG', 'PolicySet', 'checkSetting', 'findElement', 'findPolicy', 'loadPolicyDefinitions', 'parseState', 'policyHive', 'policyId', 'presentOptions'],
  compare: ['baselineMet', 'canonicalValues', 'checkBaseline', 'compareSources', 'effectiveValues', 'isPolicyKey', 'parseAcceptedDeviations', 'parseLinkOrder', 'precedenceOf', 'registryValue', 'rowMarks', 'scopeOfHive', 'settingsOfUnit', 'tattooFindings'],
  gpo: ['describeSecurityOption', 'diffSideParts', 'editInf', 'findPolicyFiles', 'parseCsv', 'parseInf', 'readAuditPolicy', 'readGpo', 'readRegistryPreferences', 'readSecurityTemplate', 'serializeCsv', 'serializeInf'],
};

test('the root is small (at most 40 runtime names); each subpath exports exactly its names, is in package.json, and loads neither yargs nor diff', async () => {
  assert.ok(ROOT_NAMES.length <= 40, `${ROOT_NAMES.length} root names`);
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { import: string }> };
  for (const [sub, names] of Object.entries(SUBPATHS)) {
    const mod = (await import(`../src/${sub}.js`)) as Record<string, unknown>;
    assert.equal(Object.keys(mod).sort(), names, sub);
    assert.is(pkg.exports[`./${sub}`]?.import, `./dist/${sub}.js`, sub);
    const { packages } = reachable(path.join(ROOT, 'src', `${sub}.ts`));
    assert.not.ok(packages.has('yargs') || packages.has('diff'), sub);
  }
  // Helpers that were public and are now internal (tests reach them in their own modules) are on no public path.
  const all = new Set([...ROOT_NAMES, ...Object.values(SUBPATHS).flat(), ...Object.keys(render)]);
  for (const gone of ['detectFormat', 'formatFromPath', 'decodeAnsi', 'encodeAnsi', 'parseGpregJson', 'polHive']) assert.not.ok(all.has(gone), gone);
});

test.run();
