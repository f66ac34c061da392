// Tests of the spill folders: this process's own, and the removal of those whose process is gone.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { processSpillDir, removeStaleSpillDirs } from './spillDir'

describe('spill folders', () => {
  it("names this process's folder and removes only those of processes that are gone", () => {
    expect(processSpillDir()).toBe(path.join(os.tmpdir(), `workbench-spill-${process.pid}`))
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-spill-test-'))
    try {
      // A pid above the kernel's maximum cannot be running; the parent's and ours are.
      for (const name of ['workbench-spill-4194305', `workbench-spill-${process.ppid}`, `workbench-spill-${process.pid}`, 'workbench-spill-x', 'other']) {
        fs.mkdirSync(path.join(dir, name))
      }
      fs.writeFileSync(path.join(dir, 'workbench-spill-4194305', 'block.tmp'), 'x')
      expect(removeStaleSpillDirs(dir)).toEqual(['workbench-spill-4194305'])
      expect(fs.readdirSync(dir).sort()).toEqual(['other', `workbench-spill-${process.pid}`, `workbench-spill-${process.ppid}`, 'workbench-spill-x'].sort())
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
