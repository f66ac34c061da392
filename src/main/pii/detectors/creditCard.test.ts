import { describe, expect, it } from 'vitest'
import { everything, found } from '../testSupport'

describe('CREDIT_CARD', () => {
  it('finds Luhn-valid numbers of known networks: spaced, dashed, contiguous', () => {
    expect(found('card 4111 1111 1111 1111 exp 12/27', 'CREDIT_CARD')).toEqual(['4111 1111 1111 1111'])
    expect(found('pay with 5555-5555-5555-4444.', 'CREDIT_CARD')).toEqual(['5555-5555-5555-4444'])
    expect(found('amex 3782 822463 10005', 'CREDIT_CARD')).toEqual(['3782 822463 10005'])
    expect(found('number 6011111111111117 on file', 'CREDIT_CARD')).toEqual(['6011111111111117'])
    expect(found('JCB 3530111333300000', 'CREDIT_CARD')).toEqual(['3530111333300000'])
    expect(found('visa: 4012888888881881, thanks', 'CREDIT_CARD')).toEqual(['4012888888881881'])
  })
  it('takes the card out of a longer run of digit groups', () => {
    expect(found('room 12 4111 1111 1111 1111 please', 'CREDIT_CARD')).toEqual(['4111 1111 1111 1111'])
  })
  it('does not fire on card-like numbers that fail Luhn, mixed separators, order numbers, timestamps', () => {
    for (const text of [
      'card 4111 1111 1111 1112',
      '4111-1111 1111-1111',
      'order 4111111111111111 shipped',
      'order #4111111111111111',
      'ts 1706745600000 and 20250201123045',
      'tracking 1Z999AA10123456784',
      'id 1234567812345678'
    ]) {
      expect(found(text, 'CREDIT_CARD'), text).toEqual([])
    }
  })
  it('is not also reported as a phone number', () => {
    expect(everything('card 4111 1111 1111 1111')).toEqual(['CREDIT_CARD:4111 1111 1111 1111'])
  })
})
