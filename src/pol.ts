/**
 * `gpreg/pol`: the `Registry.pol` (PReg) codec — records with their byte offsets, exact to the
 * byte — and its JSON dump. Most users need only `loadBytes` and `convert` from the root.
 */

export { decodePol, polRecords, type DecodePolOptions, type PolRecordsOptions } from './formats/pol/decode.js';
export { encodePol } from './formats/pol/encode.js';
export { polToOps, opsToPol, type PolToOpsOptions, type OpsToPolOptions, type PolOpsResult } from './formats/pol/ops.js';
export { polRecord, POL_SIGNATURE, POL_VERSION, type PolDocument, type PolRecord } from './formats/pol/document.js';
export { polDumpJson, polRecordToJson, type PolDumpJson, type PolRecordJson } from './formats/json.js';
export { hiveFromPolPath } from './registry/keys.js';
