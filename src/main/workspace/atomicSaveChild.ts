/**
 * Test support for atomicFile.kill.test.ts: saves workspace files of varying sizes over one path in
 * a loop, and kills itself with SIGKILL at a random moment (argv: file, seed, delay limit in ms).
 * It imports only the save (no schema library), so each of the thousand processes starts fast.
 */
import { saveAtomically } from './atomicFile'

const [file, seedArg, maxDelayArg] = process.argv.slice(2)
let seed = Number(seedArg) >>> 0 || 1
const rand = (): number => {
  // xorshift32: a reproducible sequence per seed
  seed ^= seed << 13
  seed >>>= 0
  seed ^= seed >>> 17
  seed ^= seed << 5
  seed >>>= 0
  return seed / 0x100000000
}

/** A valid current-format workspace with n annotations (written by hand: the child stays small). */
function doc(n: number, round: number): string {
  const annotations = Array.from({ length: n }, (_, i) => ({ id: `a${round}-${i}`, interaction_id: `i${i}`, status: 'open', labels: ['x'], note: 'n'.repeat(i % 50), author: 'kill-test', created: '2025-01-01T00:00:00Z', updated: '2025-01-01T00:00:00Z' }))
  return JSON.stringify({ format: 'telemetry-workbench-workspace', version: 3, saved_at: '2025-01-01T00:00:00Z', ui: { notes: `round ${round}` }, annotations }, null, 1) + '\n'
}

async function main(): Promise<void> {
  let round = 0
  await saveAtomically(file, doc(Math.floor(rand() * 600), round++))
  // The first save is complete: from now on die at a random moment, mid-save or between saves.
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), Math.floor(rand() * Number(maxDelayArg || 20)))
  for (;;) await saveAtomically(file, doc(Math.floor(rand() * 600), round++))
}

void main()
