import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { demoDataDir, entryFile, projectRoot, tsExecArgv } from './paths'

describe('paths', () => {
  it('finds the project root, the demo data and the source entries when run from sources', () => {
    const root = projectRoot()
    expect(path.basename(demoDataDir())).toBe('demo')
    expect(entryFile('analyticsProcess')).toBe(path.join(root, 'src/main/workers/analyticsProcess.ts'))
    expect(tsExecArgv('x.js')).toEqual([])
    expect(tsExecArgv('x.ts')).toContain('tsx')
  })
})
