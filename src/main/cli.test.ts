import { describe, expect, it } from 'vitest'
import { usage } from './cli'
import { COMMANDS } from './cli/commands'
import { cli } from './testing/testHarness'

describe('cli usage', () => {
  it('--help lists every command with its one-line summary, exit 0', async () => {
    const r = await cli(['--help'])
    expect(r.code).toBe(0)
    for (const c of COMMANDS) expect(r.out).toMatch(new RegExp(`^  ${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'))
  })

  it('no command prints the usage and exits 1', async () => {
    const r = await cli([])
    expect(r.code).toBe(1)
    expect(r.out).toBe(usage() + '\n')
  })

  it('a flag of another command is refused with the command named', async () => {
    const r = await cli(['ingest', '--out', '/tmp/x'])
    expect(r.code).toBe(1)
    expect(r.err).toContain('ingest does not take --out')
  })

  it('a missing required flag is named', async () => {
    const r = await cli(['analyze'])
    expect(r.code).toBe(1)
    expect(r.err).toContain('analyze needs --out')
  })

  it('an unknown command is named', async () => {
    const r = await cli(['frobnicate'])
    expect(r.code).toBe(1)
    expect(r.err).toContain('unknown command frobnicate')
  })
})
