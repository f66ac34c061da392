/**
 * Change points of a daily series: binary segmentation with a binomial cost (rates, with a weekend
 * factor) or a weighted Gaussian cost (log latency, log volume; optionally with a growth trend and a
 * weekend level common to all segments, estimated jointly with the segments), both on values clipped
 * to a rolling median (so a one- to three-day spike is not a change), a Bonferroni-adjusted
 * significance under a quasi-likelihood dispersion, and an onset refinement that fits a short ramp
 * so a gradual change is dated by its first day.
 */
import { median, rollingMedian, theilSen, trimmedVariance, weekendOffset } from './robust'
import { adjustedZ } from './significance'

/** Successes out of trials per point (a rate), or values with inverse-variance weights. */
export type ChangeSeries =
  | {
      kind: 'binomial'
      k: readonly number[]
      n: readonly number[]
      weekend: readonly boolean[]
      /** weekend rate / weekday rate (1: no weekly rhythm) */
      weekendFactor?: number
    }
  | {
      kind: 'gaussian'
      y: readonly number[]
      w: readonly number[]
      /** calendar position of each point: with `trend`, a growth per day common to all segments is fitted */
      day?: readonly number[]
      trend?: boolean
      /** with this, a weekend level common to all segments is fitted */
      weekend?: readonly boolean[]
    }

/** The changes, and for a Gaussian series the common trend and weekend level taken out before segmenting. */
export interface ChangeDetection {
  changes: ChangePoint[]
  /** per calendar day (0 without `trend`) */
  trend: number
  /** weekend level minus weekday level (0 without `weekend`) */
  weekendShift: number
  /** the Gaussian values with the trend and weekend level taken out (y - trend * day - weekendShift * weekend); empty for a binomial series */
  adjusted: number[]
}

export interface ChangePointOptions {
  /** fewest points on each side of a change (default 3) */
  minSegment?: number
  /** the adjusted z a change must reach */
  z: number
  /** variance inflation over the model's own variance (quasi-likelihood); >= 1 */
  dispersion: number
  /** most changes kept, strongest first (default 8) */
  maxChanges?: number
  /** longest transition, in points, the onset refinement fits (default 10) */
  maxRamp?: number
}

export interface ChangePoint {
  /** the first point that departs from the old level */
  start: number
  /** the first point at the new level (start for a step) */
  end: number
  /** the points the old level is measured on: [from, start); the new: [end, to) */
  from: number
  to: number
  /** rate (binomial: pooled successes / trials) or weighted mean (Gaussian) before and after */
  before: number
  after: number
  /** likelihood-ratio statistic of the split over the dispersion */
  statistic: number
  /** Bonferroni-adjusted z (over the candidate positions of the segment it was found in) and log p-value */
  z: number
  logP: number
}

const DEFAULT_MIN_SEGMENT = 3
const DEFAULT_MAX_CHANGES = 8
const DEFAULT_MAX_RAMP = 10
/** values further than this many standard deviations from their 7-point rolling median are clipped to it */
const CLIP_SD = 3
const ROLLING_HALF = 3
/**
 * a ramp must beat a step by this much (in units of the dispersion) to be preferred: it has one more
 * parameter, chosen among some hundred (start, end) pairs against some tens of step positions, so by
 * chance a ramp fits a noisy step a few units better (2 let noise turn weak steps into ramps dated days early)
 */
const RAMP_PENALTY = 6
/** a gradual change starts on its first point at least this many standard deviations off the old level... */
const ONSET_SD = 2.5
/** ...whose next point (inside the transition) is at least this many off too: one noisy day is not an onset */
const ONSET_NEXT_SD = 1
/** a step's day is re-chosen within this many points of the split, by the robust two-level fit */
const REFINE_WINDOW = 7
/** Huber's tuning constant (95% efficient for normal data) */
const HUBER_C = 1.345

function xlogy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(Math.max(y, 1e-300))
}

/** A segment cost with O(1) queries, its level, and a Gaussian view of the data for the onset fit. */
interface SegmentModel {
  cost(a: number, b: number): number
  /** what splitting [a, b) at t gains (twice the log-likelihood ratio); default cost(a, b) - cost(a, t) - cost(t, b) */
  gain?(a: number, t: number, b: number): number
  level(a: number, b: number): number
  gy: number[]
  gw: number[]
}

function prefix(values: ArrayLike<number>): Float64Array {
  const p = new Float64Array(values.length + 1)
  for (let i = 0; i < values.length; i++) p[i + 1] = p[i] + values[i]
  return p
}

/**
 * Binomial with a weekend factor r: weekday points have rate p, weekend points p r; p is estimated as
 * K / (N_weekday + r N_weekend) (exact for r = 1). `kRaw` gives the reported levels.
 */
function binomialModel(k: readonly number[], kRaw: readonly number[], n: readonly number[], weekend: readonly boolean[], r: number): SegmentModel {
  const wd = (i: number): boolean => !weekend[i]
  const k1 = prefix(k.map((v, i) => (wd(i) ? v : 0)))
  const n1 = prefix(n.map((v, i) => (wd(i) ? v : 0)))
  const k2 = prefix(k.map((v, i) => (wd(i) ? 0 : v)))
  const n2 = prefix(n.map((v, i) => (wd(i) ? 0 : v)))
  const kr = prefix(kRaw)
  const nr = prefix(n)
  const cost = (a: number, b: number): number => {
    const K1 = k1[b] - k1[a]
    const N1 = n1[b] - n1[a]
    const K2 = k2[b] - k2[a]
    const N2 = n2[b] - n2[a]
    if (N1 + N2 <= 0) return 0
    const p = (K1 + K2) / (N1 + r * N2)
    return -2 * (xlogy(K1, Math.min(1, p)) + xlogy(N1 - K1, 1 - Math.min(1, p)) + xlogy(K2, Math.min(1, p * r)) + xlogy(N2 - K2, 1 - Math.min(1, p * r)))
  }
  const level = (a: number, b: number): number => {
    const N = nr[b] - nr[a]
    return N > 0 ? (kr[b] - kr[a]) / N : NaN
  }
  const K = k1[k.length] + k2[k.length]
  const pBar = Math.min(Math.max(K / (n1[k.length] + r * n2[k.length]), 1e-6), (1 - 1e-6) / Math.max(1, r))
  const gy = k.map((v, i) => (n[i] > 0 ? v / n[i] / (weekend[i] ? r : 1) : 0))
  const gw = n.map((v, i) => {
    const ri = weekend[i] ? r : 1
    return (v * ri) / (pBar * (1 - pBar * ri))
  })
  return { cost, level, gy, gw }
}

function gaussianModel(y: readonly number[], w: readonly number[]): SegmentModel {
  let sw = 0
  let swy = 0
  for (let i = 0; i < y.length; i++) {
    sw += w[i]
    swy += w[i] * y[i]
  }
  // centred: the cost is a difference of large sums otherwise
  const centre = sw > 0 ? swy / sw : 0
  const yc = y.map((v) => v - centre)
  const W = prefix(w)
  const WY = prefix(yc.map((v, i) => v * w[i]))
  const WYY = prefix(yc.map((v, i) => v * v * w[i]))
  const cost = (a: number, b: number): number => {
    const sW = W[b] - W[a]
    if (sW <= 0) return 0
    const sWY = WY[b] - WY[a]
    return WYY[b] - WYY[a] - (sWY * sWY) / sW
  }
  const level = (a: number, b: number): number => {
    const sW = W[b] - W[a]
    return sW > 0 ? (WY[b] - WY[a]) / sW + centre : NaN
  }
  return { cost, level, gy: [...y], gw: [...w] }
}

/**
 * Weighted Gaussian with a linear trend inside each segment being split: a split tests a jump of level
 * under a slope shared by the two sides (fitted on [a, b)), so steady growth is not a change but a
 * jump on top of it is.
 */
function trendGaussianModel(y: readonly number[], w: readonly number[], x: readonly number[]): SegmentModel {
  const base = gaussianModel(y, w)
  let sw = 0
  let swx = 0
  for (let i = 0; i < x.length; i++) {
    sw += w[i]
    swx += w[i] * x[i]
  }
  const xc = x.map((v) => v - (sw > 0 ? swx / sw : 0))
  let swy = 0
  for (let i = 0; i < y.length; i++) swy += w[i] * y[i]
  const yc = y.map((v) => v - (sw > 0 ? swy / sw : 0))
  const W = prefix(w)
  const X = prefix(xc.map((v, i) => w[i] * v))
  const XX = prefix(xc.map((v, i) => w[i] * v * v))
  const Y = prefix(yc.map((v, i) => w[i] * v))
  const XY = prefix(xc.map((v, i) => w[i] * v * yc[i]))
  const YY = prefix(yc.map((v, i) => w[i] * v * v))
  // centred sums of squares and cross products over [a, b)
  const moments = (a: number, b: number): { sxx: number; sxy: number; syy: number } => {
    const sW = W[b] - W[a]
    if (!(sW > 0)) return { sxx: 0, sxy: 0, syy: 0 }
    const sX = X[b] - X[a]
    const sY = Y[b] - Y[a]
    return { sxx: XX[b] - XX[a] - (sX * sX) / sW, sxy: XY[b] - XY[a] - (sX * sY) / sW, syy: YY[b] - YY[a] - (sY * sY) / sW }
  }
  const residual = (syy: number, sxy: number, sxx: number): number => (sxx > 1e-12 ? syy - (sxy * sxy) / sxx : syy)
  return {
    cost: (a, b) => {
      const m = moments(a, b)
      return residual(m.syy, m.sxy, m.sxx)
    },
    gain: (a, t, b) => {
      const all = moments(a, b)
      const l = moments(a, t)
      const r = moments(t, b)
      return residual(all.syy, all.sxy, all.sxx) - residual(l.syy + r.syy, l.sxy + r.sxy, l.sxx + r.sxx)
    },
    level: base.level,
    gy: base.gy,
    gw: base.gw
  }
}

/** The rate per point on the weekday scale, and its model standard deviation under the dispersion. */
function clipBinomial(k: readonly number[], n: readonly number[], weekend: readonly boolean[], r: number, dispersion: number): number[] {
  let K = 0
  let N = 0
  for (let i = 0; i < k.length; i++) {
    K += k[i]
    N += n[i] * (weekend[i] ? r : 1)
  }
  const pBar = N > 0 ? K / N : 0
  const rate = k.map((v, i) => (n[i] > 0 ? v / n[i] / (weekend[i] ? r : 1) : 0))
  const mid = rollingMedian(rate, ROLLING_HALF)
  return k.map((v, i) => {
    const ri = weekend[i] ? r : 1
    if (!(n[i] > 0) || pBar <= 0) return v
    const sd = Math.sqrt((dispersion * pBar * Math.max(0, 1 - pBar * ri)) / (n[i] * ri))
    const lo = Math.max(0, mid[i] - CLIP_SD * sd)
    const hi = Math.min(1 / ri, mid[i] + CLIP_SD * sd)
    return Math.min(hi, Math.max(lo, rate[i])) * ri * n[i]
  })
}

function clipGaussian(y: readonly number[], w: readonly number[], dispersion: number): number[] {
  const mid = rollingMedian([...y], ROLLING_HALF)
  return y.map((v, i) => {
    if (!(w[i] > 0)) return v
    const sd = Math.sqrt(dispersion / w[i])
    return Math.min(mid[i] + CLIP_SD * sd, Math.max(mid[i] - CLIP_SD * sd, v))
  })
}

/**
 * The dispersion (variance inflation) of a series from its point-to-point differences, each scaled
 * by its model variance (`v`): a trimmed variance, so steps and spikes hardly count; at least 1.
 */
export function dispersionFromDifferences(y: readonly number[], v: readonly number[]): number {
  const e: number[] = []
  for (let i = 1; i < y.length; i++) {
    const s = v[i] + v[i - 1]
    if (s > 0) e.push((y[i] - y[i - 1]) / Math.sqrt(s))
  }
  return Math.max(1, trimmedVariance(e) ?? 1)
}

interface Split {
  tau: number
  gain: number
}

function bestSplit(model: SegmentModel, a: number, b: number, minSeg: number, lo = a + minSeg, hi = b - minSeg): Split | null {
  if (hi < lo) return null
  const total = model.gain ? 0 : model.cost(a, b)
  let best: Split | null = null
  for (let t = lo; t <= hi; t++) {
    const g = model.gain ? model.gain(a, t, b) : total - model.cost(a, t) - model.cost(t, b)
    if (!best || g > best.gain) best = { tau: t, gain: g }
  }
  if (best) best.gain = Math.max(0, best.gain)
  return best
}

function significance(gain: number, dispersion: number, candidates: number): { statistic: number; z: number; logP: number } {
  const statistic = gain / dispersion
  const { z, logP } = adjustedZ(Math.sqrt(statistic), candidates)
  return { statistic, z, logP }
}

interface Found {
  tau: number
  /** the split's likelihood-ratio gain and the candidate positions it was the best of */
  gain: number
  m: number
  statistic: number
  z: number
  logP: number
}

/** The weighted sum of squares around the weighted mean of [from, to). */
function weightedSs(y: readonly number[], w: readonly number[], from: number, to: number): number {
  let sw = 0
  let swy = 0
  let swyy = 0
  for (let t = from; t < to; t++) {
    sw += w[t]
    swy += w[t] * y[t]
    swyy += w[t] * y[t] * y[t]
  }
  return sw > 0 ? swyy - (swy * swy) / sw : 0
}

/** The ramp (or step: start = end) fit of a two-level model on the Gaussian view over [from, to); Infinity when degenerate. */
function rampSse(gy: readonly number[], gw: readonly number[], from: number, to: number, start: number, end: number): number {
  let sw = 0
  let swy = 0
  for (let t = from; t < to; t++) {
    sw += gw[t]
    swy += gw[t] * gy[t]
  }
  const c = sw > 0 ? swy / sw : 0
  let A = 0
  let B = 0
  let C = 0
  let D0 = 0
  let D1 = 0
  let S = 0
  for (let t = from; t < to; t++) {
    const lam = t < start ? 0 : t >= end ? 1 : (t - start + 1) / (end - start + 1)
    const w = gw[t]
    const y = gy[t] - c
    A += w * (1 - lam) * (1 - lam)
    B += w * (1 - lam) * lam
    C += w * lam * lam
    D0 += w * (1 - lam) * y
    D1 += w * lam * y
    S += w * y * y
  }
  const det = A * C - B * B
  if (!(det > 0)) return Infinity
  const mu0 = (D0 * C - D1 * B) / det
  const mu1 = (A * D1 - B * D0) / det
  return S - mu0 * D0 - mu1 * D1
}

/**
 * A point's rate against the old level on the arcsine scale (variance 1 / 4n whatever the rate, so a
 * day with few requests and a rare event is not over-read), with its standard deviation under the dispersion.
 */
function binomialView(series: Extract<ChangeSeries, { kind: 'binomial' }>, oldRate: number): { y: (t: number) => number; sd: (t: number, phi: number) => number; level: number } {
  const r = series.weekendFactor ?? 1
  const ri = (t: number): number => (series.weekend[t] ? r : 1)
  return {
    y: (t) => Math.asin(Math.sqrt(Math.min(1, (series.k[t] + 3 / 8) / (series.n[t] + 3 / 4) / ri(t)))),
    sd: (t, phi) => Math.sqrt(phi / (4 * (series.n[t] + 0.5))),
    level: Math.asin(Math.sqrt(Math.min(1, Math.max(0, oldRate))))
  }
}

/**
 * The series as values with a standard deviation each (under the dispersion) for the robust fit: a
 * rate on the arcsine scale (weekend days divided by the weekend factor), a Gaussian series with the
 * common trend and weekend level taken out; unclipped (the robust loss does what clipping did).
 */
function robustView(series: ChangeSeries, adjusted: readonly number[], phi: number): { y: number[]; sd: number[] } {
  if (series.kind === 'binomial') {
    const g = binomialView(series, 0)
    const idx = series.k.map((_, t) => t)
    return { y: idx.map(g.y), sd: idx.map((t) => g.sd(t, phi)) }
  }
  return { y: [...adjusted], sd: series.w.map((w) => (w > 0 ? Math.sqrt(phi / w) : Infinity)) }
}

/** Huber's loss of a standardised residual. */
function huber(r: number): number {
  const a = Math.abs(r)
  return a <= HUBER_C ? (r * r) / 2 : HUBER_C * a - (HUBER_C * HUBER_C) / 2
}

/** Huber's M-estimate of the level of [a, b) (values with their own standard deviations), and its loss there. */
export function huberLevel(y: readonly number[], sd: readonly number[], a: number, b: number): { level: number; loss: number } {
  let level = median(y.slice(a, b).filter((_, i) => Number.isFinite(sd[a + i])))
  if (!Number.isFinite(level)) return { level: NaN, loss: 0 }
  for (let iter = 0; iter < 20; iter++) {
    let sw = 0
    let swy = 0
    for (let t = a; t < b; t++) {
      if (!Number.isFinite(sd[t])) continue
      const r = Math.abs(y[t] - level) / sd[t]
      const w = (r <= HUBER_C ? 1 : HUBER_C / r) / (sd[t] * sd[t])
      sw += w
      swy += w * y[t]
    }
    const next = sw > 0 ? swy / sw : level
    const done = Math.abs(next - level) < 1e-12 * Math.max(1, Math.abs(level))
    level = next
    if (done) break
  }
  let loss = 0
  for (let t = a; t < b; t++) if (Number.isFinite(sd[t])) loss += huber((y[t] - level) / sd[t])
  return { level, loss }
}

/**
 * The first point of the new level for a step found at `tau` between its neighbours [from, to): among
 * the splits within REFINE_WINDOW points (at least `minSeg` a side), the median of their posterior
 * (flat prior, likelihood = exp(-loss) of the two Huber levels). A sharp change gives its best split;
 * for a weak one, whose likelihood is flat over several days, the median is the day with the least
 * expected error, not the day one noisy point happens to favour; and unlike the Gaussian likelihood, a
 * single noisy day next to the change has bounded pull.
 */
export function refineStep(y: readonly number[], sd: readonly number[], from: number, to: number, tau: number, minSeg: number): number {
  const lo = Math.max(from + minSeg, tau - REFINE_WINDOW)
  const hi = Math.min(to - minSeg, tau + REFINE_WINDOW)
  if (hi < lo) return tau
  const loss: number[] = []
  for (let t = lo; t <= hi; t++) loss.push(huberLevel(y, sd, from, t).loss + huberLevel(y, sd, t, to).loss)
  const min = Math.min(...loss)
  if (!Number.isFinite(min)) return tau
  // the losses are negative log-likelihoods: weights exp(-(loss - min)) are the split's posterior under a flat prior
  const w = loss.map((l) => Math.exp(min - l))
  const total = w.reduce((a, b) => a + b, 0)
  let acc = 0
  for (let i = 0; i < w.length; i++) {
    acc += w[i]
    if (acc >= total / 2) return lo + i
  }
  return tau
}

/** Binary segmentation, then each change re-tested between its final neighbours (weakest dropped until all pass). */
function segment(model: SegmentModel, N: number, minSeg: number, z: number, phi: number, maxChanges: number): Found[] {
  const found: Found[] = []
  if (N < 2 * minSeg) return found
  const test = (tau: number, gain: number, a: number, b: number): Found => {
    const m = b - a - 2 * minSeg + 1
    return { tau, gain, m, ...significance(gain, phi, m) }
  }
  const stack: [number, number][] = [[0, N]]
  while (stack.length) {
    const [a, b] = stack.pop()!
    const s = bestSplit(model, a, b, minSeg)
    if (!s) continue
    const f = test(s.tau, s.gain, a, b)
    if (f.z < z) continue
    found.push(f)
    stack.push([a, s.tau], [s.tau, b])
  }
  found.sort((x, y) => x.tau - y.tau)
  const retest = (): void => {
    for (let i = 0; i < found.length; i++) {
      const a = i > 0 ? found[i - 1].tau : 0
      const b = i < found.length - 1 ? found[i + 1].tau : N
      const s = bestSplit(model, a, b, minSeg)
      found[i] = s ? test(s.tau, s.gain, a, b) : { ...found[i], z: 0 }
    }
  }
  retest()
  while (found.length) {
    let weakest = 0
    for (let i = 1; i < found.length; i++) if (found[i].z < found[weakest].z) weakest = i
    if (found[weakest].z >= z && found.length <= maxChanges) break
    found.splice(weakest, 1)
    retest()
  }
  return found
}

/** share of the largest residuals the residual dispersion leaves out (a spike the clipping left, a misfit day) */
const RESIDUAL_TRIM = 0.05

/**
 * The dispersion the fitted levels and transitions leave: the trimmed variance of the standardised
 * residuals, corrected for the parameters fitted. Unlike the estimate from differences it counts
 * moderately heavy tails, so the final test is guarded against them; fitted with the transitions, a
 * gradual change does not inflate it.
 */
function residualDispersion(gy: readonly number[], gw: readonly number[], changes: readonly { start: number; end: number }[]): number {
  const N = gy.length
  const fit = new Array<number>(N).fill(NaN)
  const bounds = [0, ...changes.flatMap((c) => [c.start, c.end]), N]
  const levels: number[] = []
  for (let s = 0; s + 1 < bounds.length; s += 2) {
    let sw = 0
    let swy = 0
    for (let t = bounds[s]; t < bounds[s + 1]; t++) {
      sw += gw[t]
      swy += gw[t] * gy[t]
    }
    const level = sw > 0 ? swy / sw : 0
    levels.push(level)
    for (let t = bounds[s]; t < bounds[s + 1]; t++) fit[t] = level
  }
  changes.forEach((c, i) => {
    for (let t = c.start; t < c.end; t++) fit[t] = levels[i] + ((levels[i + 1] - levels[i]) * (t - c.start + 1)) / (c.end - c.start + 1)
  })
  const r = gy.map((y, t) => (y - fit[t]) * Math.sqrt(gw[t]))
  const df = N - levels.length - changes.length
  const v = trimmedVariance(r, RESIDUAL_TRIM)
  return v !== null && df > 0 ? (v * N) / df : 1
}

/**
 * The common trend and weekend level given the segments: weighted least squares of y on (day,
 * weekend) after removing each segment's own mean (each segment keeps its level).
 */
function commonEffects(y: readonly number[], w: readonly number[], day: readonly number[], weekend: readonly boolean[], bounds: readonly number[], fitTrend: boolean, fitWeekend: boolean): { trend: number; weekendShift: number } | null {
  let stt = 0
  let stw = 0
  let sww = 0
  let sty = 0
  let swy = 0
  for (let s = 0; s + 1 < bounds.length; s++) {
    let W = 0
    let T = 0
    let E = 0
    let Y = 0
    for (let i = bounds[s]; i < bounds[s + 1]; i++) {
      W += w[i]
      T += w[i] * day[i]
      E += w[i] * (weekend[i] ? 1 : 0)
      Y += w[i] * y[i]
    }
    if (!(W > 0)) continue
    for (let i = bounds[s]; i < bounds[s + 1]; i++) {
      const t = day[i] - T / W
      const e = (weekend[i] ? 1 : 0) - E / W
      const v = y[i] - Y / W
      stt += w[i] * t * t
      stw += w[i] * t * e
      sww += w[i] * e * e
      sty += w[i] * t * v
      swy += w[i] * e * v
    }
  }
  if (fitTrend && fitWeekend) {
    const det = stt * sww - stw * stw
    if (!(det > 0)) return null
    return { trend: (sty * sww - swy * stw) / det, weekendShift: (stt * swy - stw * sty) / det }
  }
  if (fitTrend) return stt > 0 ? { trend: sty / stt, weekendShift: 0 } : null
  if (fitWeekend) return sww > 0 ? { trend: 0, weekendShift: swy / sww } : null
  return { trend: 0, weekendShift: 0 }
}

/** How many times the segments and the common effects are re-estimated in turn. */
const EFFECT_ROUNDS = 4

/** Detects the changes of level in a series; points are equally weighted positions (the caller maps them to days). */
export function detectChangePoints(series: ChangeSeries, opts: ChangePointOptions): ChangeDetection {
  const minSeg = Math.max(1, opts.minSegment ?? DEFAULT_MIN_SEGMENT)
  const maxChanges = opts.maxChanges ?? DEFAULT_MAX_CHANGES
  const maxRamp = opts.maxRamp ?? DEFAULT_MAX_RAMP
  const phi = Math.max(1, opts.dispersion)
  let model: SegmentModel
  let N: number
  let found: Found[] = []
  let trend = 0
  let weekendShift = 0
  let adjusted: number[] = []
  if (series.kind === 'binomial') {
    N = series.k.length
    const r = series.weekendFactor ?? 1
    model = binomialModel(clipBinomial(series.k, series.n, series.weekend, r, phi), series.k, series.n, series.weekend, r)
    found = segment(model, N, minSeg, opts.z, phi, maxChanges)
  } else {
    const { y, w } = series
    N = y.length
    const day = series.day ?? y.map((_, i) => i)
    const fitTrend = series.trend === true
    const fitWeekend = series.weekend !== undefined
    const we = series.weekend ?? y.map(() => false)
    if (fitWeekend) {
      const slope = fitTrend ? theilSen(day, y) : 0
      weekendShift = weekendOffset(
        y.map((v, i) => v - slope * day[i]),
        we
      )
    }
    // segments (testing jumps on top of a local trend when growth is expected), then the trend and weekend
    // level shared by all segments, in turn until the segments stay the same
    for (let round = 0; ; round++) {
      const unweekended = y.map((v, i) => v - (we[i] ? weekendShift : 0))
      const clipped = clipGaussian(unweekended, w, phi)
      const next = segment(fitTrend ? trendGaussianModel(clipped, w, day) : gaussianModel(clipped, w), N, minSeg, opts.z, phi, maxChanges)
      const same = round > 0 && next.length === found.length && next.every((f, i) => f.tau === found[i].tau)
      found = next
      if (same || round >= EFFECT_ROUNDS || !(fitTrend || fitWeekend)) break
      const bounds = [0, ...found.map((f) => f.tau), N]
      const fx = commonEffects(
        clipped.map((v, i) => v + (we[i] ? weekendShift : 0)),
        w,
        day,
        we,
        bounds,
        fitTrend,
        fitWeekend
      )
      if (!fx) break
      const moved = Math.abs(fx.weekendShift - weekendShift)
      trend = fx.trend
      weekendShift = fx.weekendShift
      if (!fitWeekend || moved < 1e-9) break
    }
    adjusted = y.map((v, i) => v - trend * day[i] - (we[i] ? weekendShift : 0))
    // levels, directions and onsets on the series with the shared effects taken out
    model = gaussianModel(clipGaussian(adjusted, w, phi), w)
  }
  if (found.length === 0) return { changes: [], trend, weekendShift, adjusted }
  // 3. consecutive changes in the same direction within a ramp's length are one gradual change
  const bounds = found.map((f) => f.tau)
  const direction = found.map((f, i) => Math.sign(model.level(f.tau, bounds[i + 1] ?? N) - model.level(bounds[i - 1] ?? 0, f.tau)))
  const clusters: Found[][] = []
  found.forEach((f, i) => {
    const last = clusters[clusters.length - 1]
    if (last && direction[i] === direction[i - 1] && f.tau - last[last.length - 1].tau <= maxRamp) last.push(f)
    else clusters.push([f])
  })

  // 4. onset refinement: the best step or ramp (penalised) around each cluster, between its neighbours
  const refined: { start: number; end: number; strongest: Found; final?: { statistic: number; z: number; logP: number } }[] = []
  clusters.forEach((cl, ci) => {
    const first = cl[0].tau
    const last = cl[cl.length - 1].tau
    const from = ci > 0 ? refined[ci - 1].end : 0
    const to = ci < clusters.length - 1 ? clusters[ci + 1][0].tau : N
    let best = { start: first, end: last, score: Infinity }
    const span = last - first
    // a cluster's first split can sit before the ramp (a side needs minSegment points): starts run up to its last split
    for (let start = Math.max(from + 2, first - maxRamp); start <= last; start++) {
      for (let end = Math.max(start, first); end <= Math.min(to - 2, last + maxRamp); end++) {
        if (end - start > span + maxRamp) continue
        const score = rampSse(model.gy, model.gw, from, to, start, end) + (end > start ? RAMP_PENALTY * phi : 0)
        if (score < best.score) best = { start, end, score }
      }
    }
    const fitSse = best.score - (best.end > best.start ? RAMP_PENALTY * phi : 0)
    // the ramp's first points may not have moved yet: the onset is the first that is clearly off the old level
    if (best.end > best.start) {
      const old = model.level(from, best.start)
      const dir = Math.sign(model.level(best.end, to) - old)
      const g = series.kind === 'binomial' ? binomialView(series, old) : null
      // never later than the cluster's last split (where a single step would sit)
      const off = (t: number): number => {
        const y = g ? g.y(t) : model.gy[t]
        const sd = g ? g.sd(t, phi) : Math.sqrt(phi / model.gw[t])
        return (dir * (y - (g ? g.level : old))) / sd
      }
      while (best.start < Math.min(best.end, last)) {
        const t = best.start
        if (off(t) >= ONSET_SD && (t + 1 >= best.end || off(t + 1) >= ONSET_NEXT_SD)) break
        best.start++
      }
    }
    let strongest = cl.reduce((s, f) => (f.z > s.z ? f : s), cl[0])
    if (cl.length > 1) {
      // a gradual change split into several steps: its evidence is the whole transition's, one level against the fitted ramp
      const gain = weightedSs(model.gy, model.gw, from, to) - fitSse
      if (gain > strongest.gain) strongest = { ...strongest, gain, m: to - from - 2 * minSeg + 1 }
    }
    refined.push({ start: best.start, end: best.end, strongest })
  })

  // 5. the final test: each change's statistic under the larger of the two dispersions (differences;
  //    residuals of the fitted levels and transitions), weakest dropped until every one passes
  const kept = [...refined]
  let phiFinal = phi
  for (;;) {
    phiFinal = Math.max(phi, residualDispersion(model.gy, model.gw, kept))
    for (const c of kept) c.final = significance(c.strongest.gain, phiFinal, c.strongest.m)
    let weakest = -1
    for (let i = 0; i < kept.length; i++) if (kept[i].final!.z < opts.z && (weakest < 0 || kept[i].final!.z < kept[weakest].final!.z)) weakest = i
    if (weakest < 0) break
    kept.splice(weakest, 1)
  }
  // 6. a step's day: the best robust two-level fit near the split, on the unclipped values
  const view = robustView(series, adjusted, phiFinal)
  for (let i = 0; i < kept.length; i++) {
    const c = kept[i]
    if (c.end !== c.start) continue
    const from = i > 0 ? kept[i - 1].end : 0
    const to = i < kept.length - 1 ? kept[i + 1].start : N
    c.start = c.end = refineStep(view.y, view.sd, from, to, c.start, minSeg)
  }
  const changes = kept.map((c, i) => {
    const from = i > 0 ? kept[i - 1].end : 0
    const to = i < kept.length - 1 ? kept[i + 1].start : N
    return { start: c.start, end: c.end, from, to, before: model.level(from, c.start), after: model.level(c.end, to), ...c.final! }
  })
  return { changes, trend, weekendShift, adjusted }
}
