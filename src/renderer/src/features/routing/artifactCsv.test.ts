import { describe, expect, it } from 'vitest'
import { artifactCsv, pyFloat } from './artifactCsv'

describe('pyFloat', () => {
  it('writes numbers as Python repr does', () => {
    expect(pyFloat(40)).toBe('40.0')
    expect(pyFloat(0)).toBe('0.0')
    expect(pyFloat(0.12)).toBe('0.12')
    expect(pyFloat(0.16999999999999998)).toBe('0.16999999999999998')
    expect(pyFloat(1e-7)).toBe('1e-07')
    expect(pyFloat(NaN)).toBe('')
    expect(pyFloat(-Infinity)).toBe('-inf')
  })
})

describe('artifactCsv', () => {
  it('quotes text that needs it, prints booleans and nulls like pandas, floats per column', () => {
    const csv = artifactCsv(
      ['id', 'n', 'rate', 'ok', 'note'],
      [
        { id: 'a,1', n: 3, rate: 2, ok: true, note: 'say "hi"' },
        { id: 'b', n: 4, rate: 0.5, ok: false, note: null }
      ],
      new Set(['rate'])
    )
    expect(csv).toBe('id,n,rate,ok,note\n"a,1",3,2.0,True,"say ""hi"""\nb,4,0.5,False,\n')
  })
})
