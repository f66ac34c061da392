import { describe, expect, it } from 'vitest'
import { callingCode, cardScheme, ibanMod97, ibanValid, isIPv6, luhnValid, parseIPv4, shannonEntropy } from './validators'

describe('luhnValid', () => {
  it('accepts numbers whose Luhn sum is a multiple of 10 (hand-computed)', () => {
    // 79927398713: doubled every second digit from the right: 7+(18-9)+9+(4)+7+(6)+9+(16-9)+7+(2)+3 = 70
    expect(luhnValid('79927398713')).toBe(true)
    expect(luhnValid('79927398710')).toBe(false)
    expect(luhnValid('4111111111111111')).toBe(true)
    expect(luhnValid('4111111111111112')).toBe(false)
    expect(luhnValid('')).toBe(false)
    expect(luhnValid('4111 1111')).toBe(false)
  })
})

describe('cardScheme', () => {
  it('names the network from the issuer range and length', () => {
    expect(cardScheme('4111111111111111')).toBe('visa')
    expect(cardScheme('5555555555554444')).toBe('mastercard')
    expect(cardScheme('2223003122003222')).toBe('mastercard')
    expect(cardScheme('378282246310005')).toBe('amex')
    expect(cardScheme('6011111111111117')).toBe('discover')
    expect(cardScheme('3530111333300000')).toBe('jcb')
    expect(cardScheme('30569309025904')).toBe('diners')
    expect(cardScheme('1234567812345670')).toBeNull()
    // Amex is 15 digits only
    expect(cardScheme('3782822463100050')).toBeNull()
  })
})

describe('IBAN', () => {
  it('mod-97 of the rearranged number is 1 for a valid IBAN (the ISO 13616 example)', () => {
    expect(ibanMod97('GB82WEST12345698765432')).toBe(1)
    expect(ibanValid('GB82WEST12345698765432')).toBe(true)
    expect(ibanValid('DE89370400440532013000')).toBe(true)
    expect(ibanValid('FR1420041010050500013M02606')).toBe(true)
    expect(ibanValid('NL91ABNA0417164300')).toBe(true)
    expect(ibanValid('gb82west12345698765432')).toBe(true)
  })
  it('rejects a wrong check digit, a wrong length and an unknown country', () => {
    expect(ibanValid('GB83WEST12345698765432')).toBe(false)
    expect(ibanValid('DE8937040044053201300')).toBe(false)
    expect(ibanValid('ZZ89370400440532013000')).toBe(false)
  })
})

describe('IP parsing', () => {
  it('IPv4: four parts 0..255 without leading zeros', () => {
    expect(parseIPv4('192.168.1.10')).toEqual([192, 168, 1, 10])
    expect(parseIPv4('0.0.0.0')).toEqual([0, 0, 0, 0])
    expect(parseIPv4('256.1.1.1')).toBeNull()
    expect(parseIPv4('01.2.3.4')).toBeNull()
    expect(parseIPv4('1.2.3')).toBeNull()
  })
  it('IPv6: full, compressed, with an embedded IPv4, and not clock times or MACs', () => {
    for (const ok of ['2001:0db8:85a3:0000:0000:8a2e:0370:7334', '2001:db8::1', '::1', 'fe80::1ff:fe23:4567:890a', '::ffff:192.0.2.128', '1:2:3:4:5:6:1.2.3.4', '1::']) expect(isIPv6(ok), ok).toBe(true)
    for (const bad of ['12:30:45', '00:1A:2B:3C:4D:5E', '1:2:3:4:5:6:7:8:9', '2001::db8::1', 'g::1', '1:2:3:4:5:6:7', ':::1']) expect(isIPv6(bad), bad).toBe(false)
  })
})

describe('shannonEntropy and callingCode', () => {
  it('entropy: 0 for one repeated character, 1 bit for two equally frequent, 2 bits for four', () => {
    expect(shannonEntropy('aaaa')).toBe(0)
    expect(shannonEntropy('abab')).toBe(1)
    expect(shannonEntropy('abcd')).toBe(2)
  })
  it('calling codes: the shortest assigned prefix', () => {
    expect(callingCode('14155550132')).toBe('1')
    expect(callingCode('442079460958')).toBe('44')
    expect(callingCode('35312345678')).toBe('353')
    expect(callingCode('80012345')).toBeNull()
  })
})
