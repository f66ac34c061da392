import { describe, expect, it } from 'vitest'
import { formatCell, pyFloat, toCsv } from './csv'

describe('csv artifacts', () => {
  it('formats floats like Python repr', () => {
    expect(pyFloat(736)).toBe('736.0')
    expect(pyFloat(0.1 + 0.2)).toBe('0.30000000000000004')
    expect(pyFloat(1e-7)).toBe('1e-07')
    expect(pyFloat(Number.NaN)).toBe('')
  })
  it('quotes text with commas, quotes and newlines; writes booleans as True/False; nulls empty', () => {
    expect(formatCell('a,b', false)).toBe('"a,b"')
    expect(formatCell('say "hi"\nnow', false)).toBe('"say ""hi""\nnow"')
    expect(formatCell(true, false)).toBe('True')
    expect(formatCell(null, true)).toBe('')
    expect(toCsv(['x', 'y'], [{ x: 1, y: 2 }], new Set(['y']))).toBe('x,y\n1,2.0\n')
  })
})
