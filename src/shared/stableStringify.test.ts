import { describe, expect, it } from 'vitest'
import { stableStringify } from './stableStringify'

describe('stableStringify', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(stableStringify({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}')
  })
  it('writes scalars and undefined array members as JSON does', () => {
    expect(stableStringify([undefined, null, 'x', 1.5, true])).toBe('[null,null,"x",1.5,true]')
    expect(stableStringify(undefined)).toBe('null')
  })
})
