/**
 * `gpreg/reg`: the `.reg` codec as regedit reads and writes it — statements with their lines,
 * encodings and code pages — and its JSON dump. Most users need only `loadBytes` and `convert`.
 */

export { parseReg, regStatements, type RegDocument, type RegDocumentHead, type RegStatement, type RegStatementsOptions, type RegHeaderKind, type ParseRegOptions } from './formats/reg/parse.js';
export { serializeReg, type SerializeRegOptions, type SerializedReg } from './formats/reg/serialize.js';
export { regToOps, opsToReg, type RegPlan, type RegSection } from './formats/reg/ops.js';
export { decodeRegBytes, DEFAULT_CODE_PAGE, type RegEncoding, type RegText, type DecodeRegBytesOptions } from './formats/reg/encoding.js';
export { regDumpJson, type RegDumpJson } from './formats/json.js';
