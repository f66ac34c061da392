import { describe, expect, it } from 'vitest'
import { toCsv } from './csv'

describe('toCsv', () => {
  it('writes a header and quotes only where needed', () => {
    expect(toCsv(['a', 'b'], [[1, 'x'], [null, 'with, comma'], [0.1, 'say "hi"'], [Number.NaN, ' pad'], [true, 'line\nbreak']])).toBe(
      'a,b\n1,x\n,"with, comma"\n0.1,"say ""hi"""\n," pad"\ntrue,"line\nbreak"\n'
    )
  })
})
