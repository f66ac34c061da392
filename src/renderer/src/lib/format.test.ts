import { describe, expect, it } from 'vitest'
import {
  MISSING,
  formatBytes,
  formatCompact,
  formatDuration,
  formatInt,
  formatMs,
  formatNumber,
  formatPercent,
  formatPercentShort,
  formatPointsDelta,
  formatScore,
  formatUsd,
  formatUtc,
  humanize,
  plural,
  shortHash,
  utcDay
} from './format'

describe('format', () => {
  it('prints missing values as an em dash', () => {
    for (const f of [formatInt, formatPercent, formatMs, formatUsd, formatScore, formatBytes, formatCompact, formatDuration]) {
      expect(f(null)).toBe(MISSING)
      expect(f(undefined)).toBe(MISSING)
      expect(f(Number.NaN)).toBe(MISSING)
      expect(f(Number.POSITIVE_INFINITY)).toBe(MISSING)
    }
  })

  it('formats counts with separators', () => {
    expect(formatInt(2400)).toBe('2,400')
    expect(formatInt(1234567.4)).toBe('1,234,567')
    expect(formatInt(0)).toBe('0')
    expect(formatNumber(2644.5095, 1)).toBe('2,644.5')
  })

  it('formats shares with adaptive precision', () => {
    expect(formatPercent(0.058333333333333334)).toBe('5.83%')
    expect(formatPercent(0.19208333333333333)).toBe('19.2%')
    expect(formatPercent(0.009166666666666667)).toBe('0.92%')
    expect(formatPercent(0.275)).toBe('27.5%')
    expect(formatPercent(0)).toBe('0%')
    expect(formatPercent(1)).toBe('100%')
    expect(formatPercent(0.123456, 3)).toBe('12.346%')
  })

  it('formats short percents for thresholds', () => {
    expect(formatPercentShort(0.05)).toBe('5%')
    expect(formatPercentShort(0.025)).toBe('2.5%')
    expect(formatPercentShort(1)).toBe('100%')
    expect(formatPercentShort(0.1 + 0.2)).toBe('30%')
  })

  it('formats percentage-point deltas with a sign', () => {
    expect(formatPointsDelta(0.012)).toBe('+1.20 pp')
    expect(formatPointsDelta(-0.0005)).toBe('−0.05 pp')
    expect(formatPointsDelta(0)).toBe('±0.00 pp')
  })

  it('formats latency in ms with one decimal, and long values in seconds', () => {
    expect(formatMs(2644.5094999999997)).toBe('2,644.5 ms')
    expect(formatMs(12)).toBe('12.0 ms')
    expect(formatMs(123_456)).toBe('123.5 s')
  })

  it('formats durations for humans', () => {
    expect(formatDuration(912)).toBe('912 ms')
    expect(formatDuration(4300)).toBe('4.3 s')
    expect(formatDuration(125_000)).toBe('2 min 5 s')
    expect(formatDuration(120_000)).toBe('2 min')
  })

  it('formats dollars: cents from $1, three significant digits below', () => {
    expect(formatUsd(4.6978100000000005)).toBe('$4.70')
    expect(formatUsd(1234.5)).toBe('$1,234.50')
    expect(formatUsd(0.0019574208333333334)).toBe('$0.00196')
    expect(formatUsd(0.04)).toBe('$0.0400')
    expect(formatUsd(0.5)).toBe('$0.500')
    expect(formatUsd(0)).toBe('$0.00')
    expect(formatUsd(-2.5)).toBe('-$2.50')
  })

  it('formats the health score with one decimal', () => {
    expect(formatScore(62.07821996753246)).toBe('62.1')
    expect(formatScore(100)).toBe('100.0')
  })

  it('formats compact counts and bytes', () => {
    expect(formatCompact(1234)).toBe('1.2K')
    expect(formatCompact(2_500_000)).toBe('2.5M')
    expect(formatBytes(530384)).toBe('518.0 KiB')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB')
  })

  it('shortens hashes', () => {
    expect(shortHash('6898cd64956ce5b53a6a1e89cb85723de90e7a20b29eca86539048bcf1b8f6b1')).toBe('6898cd64…f6b1')
    expect(shortHash('abc')).toBe('abc')
    expect(shortHash('')).toBe(MISSING)
  })

  it('prints timestamps in UTC whatever their offset notation', () => {
    expect(formatUtc('2025-01-01 01:24:28+00:00')).toBe('2025-01-01 01:24:28')
    expect(formatUtc('2025-03-25T11:14:35Z')).toBe('2025-03-25 11:14:35')
    expect(formatUtc('2025-03-25T11:14:35+02:00')).toBe('2025-03-25 09:14:35')
    expect(formatUtc('2025-03-25T11:14:35Z', false)).toBe('2025-03-25 11:14')
    expect(formatUtc('not a time')).toBe('not a time')
    expect(formatUtc(null)).toBe(MISSING)
    expect(utcDay('2025-03-01 23:37:24+00:00')).toBe('2025-03-01')
    expect(utcDay('garbage')).toBeNull()
  })

  it('pluralises and humanises', () => {
    expect(plural(1, 'table')).toBe('1 table')
    expect(plural(2400, 'row')).toBe('2,400 rows')
    expect(humanize('token_accounting')).toBe('token accounting')
  })
})
