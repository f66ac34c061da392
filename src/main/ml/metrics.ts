// Ranking metrics of a binary scorer: ROC AUC with ties counted one half, and non-interpolated average precision.

function checkInputs(scores: ArrayLike<number>, labels: ArrayLike<number>, who: string): void {
  if (scores.length !== labels.length) throw new Error(`${who}: scores and labels lengths differ`)
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new Error(`${who}: score at ${i} is NaN`)
  }
}

/** Scores of the positives and of the negatives (label 1 vs anything else), each sorted ascending. */
function splitSorted(scores: ArrayLike<number>, labels: ArrayLike<number>): { pos: Float64Array; neg: Float64Array } {
  let nPos = 0
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) nPos++
  const pos = new Float64Array(nPos)
  const neg = new Float64Array(labels.length - nPos)
  let a = 0
  let b = 0
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) pos[a++] = scores[i]
    else neg[b++] = scores[i]
  }
  // Native typed-array sorts: much faster than sorting indices with a comparator.
  pos.sort()
  neg.sort()
  return { pos, neg }
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative, a tie counting one half (equals sklearn's trapezoidal `roc_auc_score`). Labels are
 * 1 for positive, anything else negative. Null when either class is absent. The count is done in
 * integers and halves, so it is exact up to the final division.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  checkInputs(scores, labels, 'rocAuc')
  const { pos, neg } = splitSorted(scores, labels)
  if (pos.length === 0 || neg.length === 0) return null
  // Walk both sorted lists together, one distinct score at a time (ascending).
  let i = 0
  let j = 0
  let wins = 0 // sum over positives of (negatives strictly below + half the tied negatives)
  while (i < pos.length) {
    const s = pos[i]
    while (j < neg.length && neg[j] < s) j++
    let tiedNeg = 0
    while (j + tiedNeg < neg.length && neg[j + tiedNeg] === s) tiedNeg++
    let tiedPos = 0
    while (i < pos.length && pos[i] === s) {
      tiedPos++
      i++
    }
    wins += tiedPos * (j + 0.5 * tiedNeg)
  }
  return wins / (pos.length * neg.length)
}

/**
 * Average precision as sklearn's `average_precision_score`: over the distinct score thresholds in
 * decreasing order, sum (R_k - R_{k-1}) * P_k with R_0 = 0, no interpolation; all rows tied at a
 * threshold enter together. Null when there is no positive (recall is undefined).
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  checkInputs(scores, labels, 'averagePrecision')
  const { pos, neg } = splitSorted(scores, labels)
  const nPos = pos.length
  if (nPos === 0) return null
  // Walk both lists from the top; each distinct score is one threshold.
  let i = nPos - 1
  let j = neg.length - 1
  let ap = 0
  let prevRecall = 0
  while (i >= 0) {
    const s = j < 0 || pos[i] >= neg[j] ? pos[i] : neg[j]
    let newPos = 0
    while (i >= 0 && pos[i] === s) {
      i--
      newPos++
    }
    while (j >= 0 && neg[j] === s) j--
    // A threshold holding only negatives adds no recall (it still lowers later precisions).
    if (newPos > 0) {
      const tp = nPos - 1 - i
      const fp = neg.length - 1 - j
      const recall = tp / nPos
      ap += (recall - prevRecall) * (tp / (tp + fp))
      prevRecall = recall
    }
  }
  return ap
}
