/** Worker entry of the triage model: preprocessing, the balanced L2 logistic fit, Platt calibration and scoring of the evaluation rows (PIPELINE.md section 9). */
import type { TransferListItem } from 'node:worker_threads'
import type { TriageUnseenCategories } from '../../shared/triage'
import { balancedWeights, decisionFunction, fitLogistic } from '../ml/logistic'
import { applyPlatt, fitPlatt } from '../ml/platt'
import { learnPreprocessor, type Preprocessor, transform } from '../ml/preprocess'
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

function numericRecord(names: string[], cols: Float64Array[]): Record<string, (number | null)[]> {
  const out: Record<string, (number | null)[]> = {}
  names.forEach((name, f) => {
    const col = cols[f]
    const arr = new Array<number | null>(col.length)
    for (let i = 0; i < col.length; i++) arr[i] = Number.isNaN(col[i]) ? null : col[i]
    out[name] = arr
  })
  return out
}

function categoricalRecord(names: string[], cols: Int32Array[], dictionaries: string[][]): Record<string, (string | null)[]> {
  const out: Record<string, (string | null)[]> = {}
  names.forEach((name, f) => {
    const col = cols[f]
    const dict = dictionaries[f]
    const arr = new Array<string | null>(col.length)
    for (let i = 0; i < col.length; i++) arr[i] = col[i] < 0 ? null : dict[col[i]]
    out[name] = arr
  })
  return out
}

function design(pre: Preprocessor, input: TriageWorkerInput, rows: TriageRowsIn): Float64Array {
  return transform(pre, numericRecord(input.featuresNum, rows.num), categoricalRecord(input.featuresCat, rows.cat, input.dictionaries), rows.n)
}

function hasBothClasses(y: Uint8Array): boolean {
  let pos = 0
  for (let i = 0; i < y.length; i++) pos += y[i]
  return pos > 0 && pos < y.length
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
 * gradient norm of 1e-8 (Newton), fits Platt scaling on the calibration rows (on the fit rows when
 * those are empty or hold one class) and returns the calibrated probabilities of the evaluation
 * rows. The caller guarantees fit rows with both classes and at least one feature.
 */
export function trainAndScore(input: TriageWorkerInput, progress: (phase: string, fraction: number | null) => void = () => {}): TriageWorkerOutput {
  progress('preparing features', 0)
  const fitNum = numericRecord(input.featuresNum, input.fit.num)
  const fitCat = categoricalRecord(input.featuresCat, input.fit.cat, input.dictionaries)
  const pre = learnPreprocessor(fitNum, fitCat, input.featuresNum, input.featuresCat)
  const d = pre.nOutputs
  let Xfit: Float64Array | null = transform(pre, fitNum, fitCat, input.fit.n)
  const yFit = input.fit.y

  progress('fitting model', 0.1)
  let g0 = 0
  const model = fitLogistic(Xfit, input.fit.n, d, yFit, balancedWeights(yFit), {
    l2: L2,
    tol: GRAD_TOL,
    onProgress: (iter, gradNorm) => {
      if (iter === 0) g0 = gradNorm
      // Newton's progress is roughly linear in log(gradient norm) from the start down to the tolerance.
      const share = g0 > GRAD_TOL && gradNorm > 0 ? Math.min(1, Math.max(0, Math.log(g0 / gradNorm) / Math.log(g0 / GRAD_TOL))) : 0
      progress('fitting model', 0.1 + 0.7 * share)
    }
  })

  progress('calibrating', 0.8)
  const fallback = input.calibration.n === 0 || !hasBothClasses(input.calibration.y)
  let fCal: Float64Array
  let yCal: Uint8Array
  if (fallback) {
    fCal = decisionFunction(model, Xfit, input.fit.n, d)
    yCal = yFit
  } else {
    Xfit = null // the largest matrix goes before the next one is built
    fCal = decisionFunction(model, design(pre, input, input.calibration), input.calibration.n, d)
    yCal = input.calibration.y
  }
  Xfit = null
  const platt = fitPlatt(fCal, yCal)

  progress('scoring', 0.9)
  const fEval = decisionFunction(model, design(pre, input, input.evaluation), input.evaluation.n, d)
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
