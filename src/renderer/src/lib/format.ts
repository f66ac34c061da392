/** Pure number, unit and time formatting for everything the renderer shows (en-US digits, UTC times, an em dash for missing values). */

/** What every formatter prints for null, undefined, NaN or an infinite value. */
export const MISSING = '—'

function isNum(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** A count with thousands separators: 2400 -> "2,400". */
export function formatInt(v: number | null | undefined): string {
  if (!isNum(v)) return MISSING
  return intFmt.format(Math.round(v))
}

/** A plain number with a fixed number of decimals and separators: (2644.5095, 1) -> "2,644.5". */
export function formatNumber(v: number | null | undefined, decimals = 2): string {
  if (!isNum(v)) return MISSING
  return fixedFormat(decimals).format(v)
}

// Building an Intl.NumberFormat costs far more than using one (charts and grids format thousands of numbers): one per precision.
const fixedFormats = new Map<number, Intl.NumberFormat>()
function fixedFormat(decimals: number): Intl.NumberFormat {
  let f = fixedFormats.get(decimals)
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
    fixedFormats.set(decimals, f)
  }
  return f
}

/**
 * Decimals for a share shown as a percent: two below 10% (so 5.83% and 0.92% keep their precision),
 * one from 10% up (19.2%), none for exactly 0 or 100%.
 */
export function percentDecimals(share: number): number {
  const p = Math.abs(share * 100)
  if (p === 0 || p === 100) return 0
  return p < 10 ? 2 : 1
}

/** A share in 0..1 as a percent: 0.0583333 -> "5.83%", 0.19208 -> "19.2%"; `decimals` overrides the adaptive choice. */
export function formatPercent(share: number | null | undefined, decimals?: number): string {
  if (!isNum(share)) return MISSING
  const d = decimals ?? percentDecimals(share)
  return `${formatNumber(share * 100, d)}%`
}

/** A share as a short percent without trailing zeros, for thresholds and budgets: 0.05 -> "5%", 0.025 -> "2.5%". */
export function formatPercentShort(share: number | null | undefined): string {
  if (!isNum(share)) return MISSING
  return `${Number((share * 100).toFixed(4))}%`
}

/** A signed change of a share in percentage points: 0.012 -> "+1.20 pp". */
export function formatPointsDelta(delta: number | null | undefined, decimals = 2): string {
  if (!isNum(delta)) return MISSING
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±'
  return `${sign}${formatNumber(Math.abs(delta) * 100, decimals)} pp`
}

/** Milliseconds with one decimal below 100 s: 2644.5095 -> "2,644.5 ms"; from 100 s on, seconds: "123.4 s". */
export function formatMs(ms: number | null | undefined): string {
  if (!isNum(ms)) return MISSING
  if (Math.abs(ms) >= 100_000) return `${formatNumber(ms / 1000, 1)} s`
  return `${formatNumber(ms, 1)} ms`
}

/** A wall-clock duration for humans: 912 -> "912 ms", 4300 -> "4.3 s", 125000 -> "2 min 5 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (!isNum(ms)) return MISSING
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${formatNumber(ms / 1000, 1)} s`
  const totalS = Math.round(ms / 1000)
  const m = Math.floor(totalS / 60)
  const s = totalS % 60
  return s ? `${m} min ${s} s` : `${m} min`
}

/**
 * US dollars: two decimals from $1 up ($4.70, $1,234.56); below $1 three significant digits so small
 * per-request costs stay readable ($0.00196, $0.0400); exactly 0 -> "$0.00".
 */
export function formatUsd(v: number | null | undefined): string {
  if (!isNum(v)) return MISSING
  const sign = v < 0 ? '-' : ''
  const a = Math.abs(v)
  if (a === 0) return '$0.00'
  if (a >= 1) return `${sign}$${formatNumber(a, 2)}`
  const decimals = Math.min(8, Math.max(2, 2 - Math.floor(Math.log10(a))))
  return `${sign}$${a.toFixed(decimals)}`
}

/** A 0-100 score with one decimal, as the health score is defined to be shown: 62.0782 -> "62.1". */
export function formatScore(v: number | null | undefined): string {
  if (!isNum(v)) return MISSING
  return formatNumber(v, 1)
}

/** Compact counts for axes and badges: 1234 -> "1.2K", 2_500_000 -> "2.5M". */
export function formatCompact(v: number | null | undefined): string {
  if (!isNum(v)) return MISSING
  return compactFmt.format(v)
}
const compactFmt = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })

/** Bytes in binary units: 530384 -> "518.0 KiB". */
export function formatBytes(v: number | null | undefined): string {
  if (!isNum(v)) return MISSING
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let n = v
  let i = 0
  while (Math.abs(n) >= 1024 && i < units.length - 1) {
    n /= 1024
    i++
  }
  return i === 0 ? `${Math.round(n)} B` : `${formatNumber(n, 1)} ${units[i]}`
}

/** The first and last characters of a hash: "6898cd64…f6b1". */
export function shortHash(hash: string | null | undefined, head = 8, tail = 4): string {
  if (!hash) return MISSING
  if (hash.length <= head + tail + 1) return hash
  return `${hash.slice(0, head)}…${hash.slice(-tail)}`
}

/**
 * A timestamp as UTC "YYYY-MM-DD HH:MM:SS" (the app shows all times in UTC). Accepts ISO strings with
 * Z, +00:00 or a space instead of T; returns the input unchanged when it does not parse.
 */
export function formatUtc(ts: string | null | undefined, withSeconds = true): string {
  if (!ts) return MISSING
  const normalised = ts.trim().replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')
  const d = new Date(normalised)
  if (Number.isNaN(d.getTime())) return ts
  const iso = d.toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, withSeconds ? 19 : 16)}`
}

/** The UTC day of a timestamp, "YYYY-MM-DD", or null when it does not parse. */
export function utcDay(ts: string | null | undefined): string | null {
  if (!ts) return null
  const f = formatUtc(ts)
  return /^\d{4}-\d{2}-\d{2} /.test(f) ? f.slice(0, 10) : null
}

/** "1 table" / "3 tables". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatInt(n)} ${n === 1 ? singular : pluralForm}`
}

/** snake_case identifiers as words: "pk_interactions_interaction_id_unique" -> "pk interactions interaction id unique". */
export function humanize(id: string): string {
  return id.replace(/_/g, ' ')
}
