// Preloaded into a gpreg child process by test/write-safety.test.ts: the process kills itself
// (SIGKILL, as kill -9) just before its Nth rename, N from $GPREG_KILL_AT_RENAME — a write
// interrupted at a chosen moment, with its temporary file already on disk.
import { promises as fs } from 'node:fs';

const at = Number(process.env.GPREG_KILL_AT_RENAME);
let n = 0;
const rename = fs.rename.bind(fs);
fs.rename = async (from, to) => {
  if (++n === at) process.kill(process.pid, 'SIGKILL');
  return rename(from, to);
};
