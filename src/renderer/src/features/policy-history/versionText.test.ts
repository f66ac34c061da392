import { describe, expect, it } from 'vitest'
import { describeDelta } from './versionText'

describe('describeDelta', () => {
  it('signs a change and says when there is none or it is unknown', () => {
    expect(describeDelta(0.01234)).toBe('+0.0123')
    expect(describeDelta(-1.5)).toBe('−1.5000')
    expect(describeDelta(0)).toBe('0')
    expect(describeDelta(null)).toBe('—')
  })
})
