/** Worker entry of the triage model: preprocessing, the balanced L2 logistic fit, Platt calibration and scoring of the evaluation rows (PIPELINE.md section 9). */
import type { TransferListItem } from 'node:worker_threads'
import type { TriageUnseenCategories } from '../../shared/triage'
import { balancedWeights, decisionFunctionColumnar, fitLogisticColumnar } from '../ml/logistic'
import { prepareColumnarPasses } from '../ml/logisticKernel'
import { applyPlatt, fitPlatt } from '../ml/platt'
import { type CodedColumn, type ColumnarDesign, designFor, learnPreprocessor, type Preprocessor } from '../ml/preprocess'
import { serveWorker } from './runWorker'

/** One window's rows, columnar, in the shape that crosses threads without copying. */
export interface TriageRowsIn {
  n: number
  /** per numeric feature: n values, NaN for missing */
  num: Float64Array[]
  /** per categorical feature: n indices into its dictionary, -1 for null */
  cat: Int32Array[]
  /** is_failure as 0 / 1 */
  y: Uint8Array
}

export interface TriageWorkerInput {
  featuresNum: string[]
  featuresCat: string[]
  /** per categorical feature, the strings its indices stand for */
  dictionaries: string[][]
  fit: TriageRowsIn
  calibration: TriageRowsIn
  evaluation: TriageRowsIn
}

export interface TriageWorkerOutput {
  /** calibrated P(failure) of each evaluation row, in input order */
  proba: Float64Array
  lrNIter: number
  lrConverged: boolean
  lrGradNorm: number
  nInputs: number
  plattA: number
  plattB: number
  plattConverged: boolean
  /** true when the calibration rows were empty or one class and the fit rows were used */
  calibrationFallback: boolean
  calibrationRowsUsed: number
  unseen: TriageUnseenCategories[]
}

/** sklearn's C = 1: the objective carries 0.5 ||w||^2 next to the summed weighted log-loss. */
const L2 = 1
const GRAD_TOL = 1e-8
/** The warm start fits on every k-th fit row, about this many rows (section 9's optimum is then reached from near it). */
const WARM_START_ROWS = 65536

function numericRecord(names: string[], cols: Float64Array[]): Record<string, Float64Array> {
  return Object.fromEntries(names.map((name, f) => [name, cols[f]]))
}

function categoricalRecord(names: string[], cols: Int32Array[], dictionaries: string[][]): Record<string, CodedColumn> {
  return Object.fromEntries(names.map((name, f) => [name, { codes: cols[f], dictionary: dictionaries[f] }]))
}

function design(pre: Preprocessor, input: TriageWorkerInput, rows: TriageRowsIn): ColumnarDesign {
  return designFor(pre, numericRecord(input.featuresNum, rows.num), categoricalRecord(input.featuresCat, rows.cat, input.dictionaries), rows.n)
}

function hasBothClasses(y: Uint8Array): boolean {
  let pos = 0
  for (let i = 0; i < y.length; i++) pos += y[i]
  return pos > 0 && pos < y.length
}

/**
 * A starting point for the full fit: the same objective on every k-th fit row with its loss
 * weighted k times, fitted loosely. It lies close to the full optimum, so the full Newton fit
 * (which alone decides convergence, to the same tolerance) needs fewer passes over all rows.
 * Undefined (start from zero) when the data are small or the subsample holds one class.
 */
export function warmStart(full: ColumnarDesign, y: Uint8Array, weights: Float64Array, rows = WARM_START_ROWS): Float64Array | undefined {
  const k = Math.floor(full.n / rows)
  if (k < 4) return undefined
  const m = Math.ceil(full.n / k)
  const ySub = everyKthUint8(y, k, m)
  if (!hasBothClasses(ySub)) return undefined
  const num = full.num.map((col) => everyKthFloat64(col, k, m))
  const cat = full.cat.map((col) => everyKthInt32(col, k, m))
  const wSub = everyKthFloat64(weights, k, m)
  for (let r = 0; r < m; r++) wSub[r] *= k
  const model = fitLogisticColumnar({ n: m, d: full.d, num, cat }, ySub, wSub, { l2: L2, tol: 1e-3, maxIter: 20 })
  const start = new Float64Array(full.d + 1)
  start.set(model.w)
  start[full.d] = model.b
  return start
}

// src[r * k] for r < m, one function per array type (each stays monomorphic).
function everyKthFloat64(src: Float64Array, k: number, m: number): Float64Array {
  const out = new Float64Array(m)
  for (let r = 0; r < m; r++) out[r] = src[r * k]
  return out
}
function everyKthInt32(src: Int32Array, k: number, m: number): Int32Array {
  const out = new Int32Array(m)
  for (let r = 0; r < m; r++) out[r] = src[r * k]
  return out
}
function everyKthUint8(src: Uint8Array, k: number, m: number): Uint8Array {
  const out = new Uint8Array(m)
  for (let r = 0; r < m; r++) out[r] = src[r * k]
  return out
}

/** Evaluation values of each categorical feature that are not among the fit categories (after the null fill). */
function unseenCategories(pre: Preprocessor, input: TriageWorkerInput): TriageUnseenCategories[] {
  const out: TriageUnseenCategories[] = []
  pre.categorical.forEach((t, f) => {
    const known = new Set(t.categories)
    const dict = input.dictionaries[f]
    const counts = new Map<string, number>()
    const col = input.evaluation.cat[f]
    for (let i = 0; i < col.length; i++) {
      const v = col[i] < 0 ? t.fill : dict[col[i]]
      if (v !== null && !known.has(v)) counts.set(v, (counts.get(v) ?? 0) + 1)
    }
    if (counts.size === 0) return
    let rows = 0
    for (const c of counts.values()) rows += c
    const examples = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, 5)
      .map(([v]) => v)
    out.push({ feature: t.name, rows, examples })
  })
  return out
}

/**
 * Learns the preprocessing on the fit rows, fits the balanced-weight L2 logistic regression to a
 * gradient norm of 1e-8 (Newton, from a warm start on a subsample), fits Platt scaling on the
 * calibration rows (on the fit rows when those are empty or hold one class) and returns the
 * calibrated probabilities of the evaluation rows. The caller guarantees fit rows with both classes
 * and at least one feature.
 */
export function trainAndScore(input: TriageWorkerInput, progress: (phase: string, fraction: number | null) => void = () => {}): TriageWorkerOutput {
  progress('preparing features', 0)
  // The fit's passes are generated and optimised (in the background) while the features are prepared.
  prepareColumnarPasses(input.featuresNum.length)
  const fitNum = numericRecord(input.featuresNum, input.fit.num)
  const fitCat = categoricalRecord(input.featuresCat, input.fit.cat, input.dictionaries)
  const pre = learnPreprocessor(fitNum, fitCat, input.featuresNum, input.featuresCat)
  const d = pre.nOutputs
  const fitDesign = designFor(pre, fitNum, fitCat, input.fit.n)
  const yFit = input.fit.y
  const weights = balancedWeights(yFit)

  progress('fitting model', 0.1)
  const start = warmStart(fitDesign, yFit, weights)
  let g0 = 0
  const model = fitLogisticColumnar(fitDesign, yFit, weights, {
    l2: L2,
    tol: GRAD_TOL,
    start,
    onProgress: (iter, gradNorm) => {
      if (iter === 0) g0 = gradNorm
      // Newton's progress is roughly linear in log(gradient norm) from the start down to the tolerance.
      const share = g0 > GRAD_TOL && gradNorm > 0 ? Math.min(1, Math.max(0, Math.log(g0 / gradNorm) / Math.log(g0 / GRAD_TOL))) : 0
      progress('fitting model', 0.1 + 0.7 * share)
    }
  })

  progress('calibrating', 0.8)
  const fallback = input.calibration.n === 0 || !hasBothClasses(input.calibration.y)
  const fCal = fallback ? decisionFunctionColumnar(model, fitDesign) : decisionFunctionColumnar(model, design(pre, input, input.calibration))
  const yCal = fallback ? yFit : input.calibration.y
  const platt = fitPlatt(fCal, yCal)

  progress('scoring', 0.9)
  const fEval = decisionFunctionColumnar(model, design(pre, input, input.evaluation))
  const proba = applyPlatt(fEval, platt.A, platt.B)
  progress('scoring', 1)
  return {
    proba,
    lrNIter: model.nIter,
    lrConverged: model.converged,
    lrGradNorm: model.gradNorm,
    nInputs: d,
    plattA: platt.A,
    plattB: platt.B,
    plattConverged: platt.converged,
    calibrationFallback: fallback,
    calibrationRowsUsed: fCal.length,
    unseen: unseenCategories(pre, input)
  }
}

serveWorker<TriageWorkerInput, TriageWorkerOutput>((input, progress) => {
  const value = trainAndScore(input, progress)
  const transfer: TransferListItem[] = [value.proba.buffer as ArrayBuffer]
  return { value, transfer }
})
