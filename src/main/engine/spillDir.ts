/** Where DuckDB spills beyond its memory limit: a folder of this process's own in the system temp folder, and the cleanup of those left by processes that were killed. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const PREFIX = 'workbench-spill-'

/** This process's spill folder (DuckDB creates it when it first spills). */
export function processSpillDir(): string {
  return path.join(os.tmpdir(), `${PREFIX}${process.pid}`)
}

/**
 * Removes spill folders of processes that no longer run (a killed CLI or analytics process cannot
 * remove its own). A folder whose process id is alive again (reused) is left alone.
 */
export function removeStaleSpillDirs(dir = os.tmpdir()): string[] {
  const removed: string[] = []
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return removed
  }
  for (const name of names) {
    const m = new RegExp(`^${PREFIX}(\\d+)$`).exec(name)
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue
    fs.rmSync(path.join(dir, name), { recursive: true, force: true })
    removed.push(name)
  }
  return removed
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
