// Ranking metrics of a binary scorer: ROC AUC with ties counted one half, and non-interpolated average precision, from one radix-sorted ranking.
import { sortedOrder } from './radixSort'

function checkInputs(scores: ArrayLike<number>, labels: ArrayLike<number>, who: string): void {
  if (scores.length !== labels.length) throw new Error(`${who}: scores and labels lengths differ`)
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new Error(`${who}: score at ${i} is NaN`)
  }
}

/** Cumulative true and false positives, one point per distinct score from the highest down (all rows tied at a score enter together). */
export interface ThresholdCounts {
  tp: number[]
  fp: number[]
  pos: number
  neg: number
}

/**
 * The ranking of a scorer as {@link ThresholdCounts}: the rows ordered by a radix sort of the
 * scores (NaN lowest), labels 1 positive and anything else negative. Every ranking metric and
 * curve here is read from it, so one sort serves them all. `asc`, when given, is that sort
 * (`sortedOrder` of the scores) done already by the caller.
 */
export function thresholdCounts(scores: ArrayLike<number>, labels: ArrayLike<number>, asc?: Int32Array): ThresholdCounts {
  const n = scores.length
  if (labels.length !== n) throw new Error('thresholdCounts: scores and labels lengths differ')
  const values = scores instanceof Float64Array ? scores : Float64Array.from(scores)
  if (asc === undefined) asc = sortedOrder(values)
  else if (asc.length !== n) throw new Error('thresholdCounts: the order and the scores lengths differ')
  const key = (i: number): number => (Number.isNaN(values[i]) ? -Infinity : values[i])
  const tp: number[] = []
  const fp: number[] = []
  let t = 0
  let f = 0
  for (let k = n - 1; k >= 0; k--) {
    const i = asc[k]
    if (labels[i] === 1) t++
    else f++
    if (k === 0 || key(asc[k - 1]) !== key(i)) {
      tp.push(t)
      fp.push(f)
    }
  }
  return { tp, fp, pos: t, neg: f }
}

/**
 * ROC AUC from the counts: the negatives' share of positives ranked above them, a tie counting one
 * half, summed in integers and halves (exact up to the final division). Null when a class is absent.
 */
export function aucFromCounts(c: ThresholdCounts): number | null {
  if (c.pos === 0 || c.neg === 0) return null
  let wins = 0
  let tpBefore = 0
  let fpBefore = 0
  for (let k = 0; k < c.tp.length; k++) {
    const dTp = c.tp[k] - tpBefore
    const dFp = c.fp[k] - fpBefore
    wins += dFp * (tpBefore + 0.5 * dTp)
    tpBefore = c.tp[k]
    fpBefore = c.fp[k]
  }
  return wins / (c.pos * c.neg)
}

/** Average precision from the counts (sklearn's: sum of recall increase times precision, no interpolation). Null without positives. */
export function averagePrecisionFromCounts(c: ThresholdCounts): number | null {
  if (c.pos === 0) return null
  let ap = 0
  let prevRecall = 0
  let tpBefore = 0
  for (let k = 0; k < c.tp.length; k++) {
    const tp = c.tp[k]
    // A threshold holding only negatives adds no recall (it still lowers later precisions).
    if (tp > tpBefore) {
      const recall = tp / c.pos
      ap += (recall - prevRecall) * (tp / (tp + c.fp[k]))
      prevRecall = recall
    }
    tpBefore = tp
  }
  return ap
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative, a tie counting one half (equals sklearn's trapezoidal `roc_auc_score`). Labels are
 * 1 for positive, anything else negative. Null when either class is absent. The count is done in
 * integers and halves, so it is exact up to the final division.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  checkInputs(scores, labels, 'rocAuc')
  return aucFromCounts(thresholdCounts(scores, labels))
}

/**
 * Average precision as sklearn's `average_precision_score`: over the distinct score thresholds in
 * decreasing order, sum (R_k - R_{k-1}) * P_k with R_0 = 0, no interpolation; all rows tied at a
 * threshold enter together. Null when there is no positive (recall is undefined).
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  checkInputs(scores, labels, 'averagePrecision')
  return averagePrecisionFromCounts(thresholdCounts(scores, labels))
}
