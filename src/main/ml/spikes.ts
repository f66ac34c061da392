/**
 * Robust one-day spike scores: each point against the median of the same kind of day (weekday or
 * weekend) within a window of the same level segment, scaled by its own sampling variance (so a
 * day with few requests needs a larger deviation), by the robust dispersion of all scores, and
 * Bonferroni-adjusted over the points scored.
 */
import { median, trimmedVariance } from './robust'
import { adjustedZ } from './significance'

export interface SpikeSeries {
  /** the value per point (on a variance-stabilised scale: arcsine of a rate, log of latency or volume) */
  y: readonly number[]
  /** its sampling variance */
  v: readonly number[]
  /** calendar day index of each point (the window is in days) */
  day: readonly number[]
  weekend: readonly boolean[]
  /** the level segment of each point; -1 leaves the point out (e.g. days inside a gradual change) */
  segment: readonly number[]
  /**
   * the standardised deviation of point i from its baseline when the variance model of `v` does not fit
   * it (a small count: a day that lost most of its traffic must be judged on the count the baseline
   * expects, with a variance-stabilising transform); default (y - baseline) / sd from `v`
   */
  standardise?: (index: number, baseline: number, references: readonly number[]) => number
}

export interface SpikeOptions {
  /** reference days are within this many days (default 14) */
  window?: number
  /** fewest reference days of the same kind (default 3) */
  minReference?: number
}

export interface SpikeScore {
  index: number
  /** the median of the reference points */
  baseline: number
  /** points the baseline was taken over */
  references: number[]
  /** (y - baseline) over its standard deviation, divided by the square root of the dispersion */
  zRaw: number
  /** Bonferroni-adjusted over the scored points, signed like zRaw */
  z: number
  logP: number
}

const DEFAULT_WINDOW = 14
const DEFAULT_MIN_REFERENCE = 3

/** The reference points of point i: same kind of day, same segment, nearest first, within the window (twice the window when too few). */
function references(s: SpikeSeries, i: number, window: number, minRef: number): number[] {
  const near = (w: number): number[] => {
    const out: number[] = []
    for (let j = 0; j < s.y.length; j++) {
      if (j === i || s.segment[j] !== s.segment[i] || s.weekend[j] !== s.weekend[i]) continue
      if (Math.abs(s.day[j] - s.day[i]) <= w) out.push(j)
    }
    return out
  }
  const refs = near(window)
  return refs.length >= minRef ? refs : near(2 * window)
}

/** Scores every point that has enough references; the dispersion is that of the raw scores (at least 1). */
export function scoreSpikes(s: SpikeSeries, opts: SpikeOptions = {}): { scores: SpikeScore[]; dispersion: number } {
  const window = opts.window ?? DEFAULT_WINDOW
  const minRef = opts.minReference ?? DEFAULT_MIN_REFERENCE
  const raw: { index: number; baseline: number; references: number[]; u: number }[] = []
  for (let i = 0; i < s.y.length; i++) {
    if (s.segment[i] < 0 || !(s.v[i] > 0)) continue
    const refs = references(s, i, window, minRef)
    if (refs.length < minRef) continue
    const baseline = median(refs.map((j) => s.y[j]))
    const refVar = refs.reduce((a, j) => a + s.v[j], 0) / refs.length
    // the variance of a median of m values is about pi/2 times that of their mean
    const sd = Math.sqrt(s.v[i] + (Math.PI / 2) * (refVar / refs.length))
    raw.push({ index: i, baseline, references: refs, u: s.standardise ? s.standardise(i, baseline, refs) : (s.y[i] - baseline) / sd })
  }
  const dispersion = Math.max(1, trimmedVariance(raw.map((r) => r.u)) ?? 1)
  const m = raw.length
  const scores = raw.map((r) => {
    const zRaw = r.u / Math.sqrt(dispersion)
    const adj = adjustedZ(zRaw, m)
    return { index: r.index, baseline: r.baseline, references: r.references, zRaw, z: Math.sign(zRaw) * adj.z, logP: adj.logP }
  })
  return { scores, dispersion }
}
