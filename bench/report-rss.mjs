// @ts-check
/**
 * Preloaded into a measured child (`NODE_OPTIONS=--import <this file>`): when the process
 * ends, writes its own peak resident set size, in bytes, to the file named by
 * BENCH_RSS_FILE.
 *
 * The figure is the kernel's high-water mark for this process's address space (`VmHWM` in
 * /proc/self/status), so nothing is sampled and no short peak is missed. Not
 * `process.resourceUsage().maxRSS`: on Linux, getrusage's maxrss survives exec, so a child
 * forked from a parent holding a large log starts with the parent's RSS as its "peak".
 */
import * as fs from 'node:fs'

/** @returns {number} bytes */
function peakRssBytes() {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8')
    const match = /^VmHWM:\s*(\d+)\s*kB/m.exec(status)
    if (match) return Number(match[1]) * 1024
  } catch {
    // No procfs: the portable figure, an upper bound.
  }
  return process.resourceUsage().maxRSS * 1024
}

const target = process.env.BENCH_RSS_FILE
if (target) {
  process.on('exit', () => {
    fs.writeFileSync(target, String(peakRssBytes()))
  })
}
