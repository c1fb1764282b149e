// The process's peak resident memory in bytes. On Linux from /proc/self/status (VmHWM): a child's
// getrusage maxRSS keeps the parent's peak across fork and exec (every bench child reported the
// bench's own 155 MB); elsewhere getrusage's, which is right for a process started on its own.
import { readFileSync } from 'node:fs';

export function peakRssBytes() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}
