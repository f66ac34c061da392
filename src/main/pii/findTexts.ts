/** Turns a batch of texts into report-ready findings (code point offsets, rule, score, masked preview): the CPU part of the scan, run in a worker or in-process. */
import type { PiiEntityType } from '../../shared/pii'
import { codePointOffsets, detectText } from './detect'
import { maskedPreview } from './mask'

export interface TextBatch {
  field: string
  /** interactions rowid of each text */
  rowIds: number[]
  interactionIds: (string | null)[]
  texts: (string | null)[]
}

export interface BatchFinding {
  row_id: number
  interaction_id: string | null
  field: string
  entity_type: PiiEntityType
  start: number
  end: number
  rule: string
  score: number
  preview: string
}

export function findInBatch(batch: TextBatch): BatchFinding[] {
  const out: BatchFinding[] = []
  for (let i = 0; i < batch.texts.length; i++) {
    const text = batch.texts[i]
    if (!text) continue
    const hits = detectText(text)
    if (hits.length === 0) continue
    const cps = codePointOffsets(text, hits.flatMap((h) => [h.start, h.end]))
    hits.forEach((h, k) => {
      out.push({
        row_id: batch.rowIds[i],
        interaction_id: batch.interactionIds[i],
        field: batch.field,
        entity_type: h.entity_type,
        start: cps[2 * k],
        end: cps[2 * k + 1],
        rule: h.rule,
        score: h.score,
        preview: maskedPreview(text, hits, h)
      })
    })
  }
  return out
}
