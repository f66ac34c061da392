/** Annotations on interactions: review statuses, the record kept per interaction, its JSONL exchange shape (Langfuse / Phoenix style) and the review counts. */
import { z } from 'zod'

/** What a reviewer decided about an interaction. */
export const ANNOTATION_STATUSES = ['open', 'confirmed_failure', 'false_alarm', 'fixed'] as const
export type AnnotationStatus = (typeof ANNOTATION_STATUSES)[number]

export const ANNOTATION_STATUS_LABEL: Record<AnnotationStatus, string> = {
  open: 'Open',
  confirmed_failure: 'Confirmed failure',
  false_alarm: 'False alarm',
  fixed: 'Fixed'
}

/** The filter value for interactions that carry no annotation at all. */
export const UNREVIEWED = 'unreviewed'
/** Values of the scope's annotation filter: a status, or no annotation. */
export const ANNOTATION_FILTER_VALUES = [UNREVIEWED, ...ANNOTATION_STATUSES] as const
export type AnnotationFilterValue = (typeof ANNOTATION_FILTER_VALUES)[number]

export const ANNOTATION_FILTER_LABEL: Record<AnnotationFilterValue, string> = { [UNREVIEWED]: 'Not reviewed', ...ANNOTATION_STATUS_LABEL }

/** Statuses that are a verdict on whether the request really failed (open is not: it waits for one). */
export const FAILURE_VERDICTS: readonly AnnotationStatus[] = ['confirmed_failure', 'fixed']
export const VERDICT_STATUSES: readonly AnnotationStatus[] = ['confirmed_failure', 'fixed', 'false_alarm']

const isoTime = z.string().min(1).max(40)
const label = z.string().trim().min(1).max(80)

/** One annotation: at most one per interaction; fields this version does not know are kept (looseObject). */
export const AnnotationSchema = z.looseObject({
  id: z.string().min(1).max(200),
  interaction_id: z.string().min(1).max(500),
  status: z.enum(ANNOTATION_STATUSES),
  labels: z.array(label).max(50).default([]),
  note: z.string().max(20_000).default(''),
  author: z.string().max(200).default(''),
  /** ISO 8601, UTC */
  created: isoTime,
  updated: isoTime
})
export type Annotation = z.infer<typeof AnnotationSchema>

/** The editable part of an annotation, as the UI sends it. */
export const AnnotationEditSchema = z
  .object({
    status: z.enum(ANNOTATION_STATUSES),
    labels: z.array(label).max(50).default([]),
    note: z.string().max(20_000).default(''),
    author: z.string().trim().max(200).optional()
  })
  .strict()
export type AnnotationEdit = z.input<typeof AnnotationEditSchema>

/** The score name an annotation's status is exported under in JSONL. */
export const STATUS_SCORE_NAME = 'review_status'

/**
 * One JSONL line: the fields Langfuse scores and Phoenix annotations share (id, interaction_id,
 * name, value, comment, author, created, updated), plus our labels.
 */
export const AnnotationLineSchema = z.looseObject({
  id: z.string().min(1).max(200),
  interaction_id: z.string().min(1).max(500),
  name: z.string().min(1).max(200),
  value: z.unknown(),
  comment: z.string().max(20_000).nullable().optional(),
  author: z.string().max(200).nullable().optional(),
  created: isoTime,
  updated: isoTime.optional(),
  labels: z.array(label).max(50).optional()
})
export type AnnotationLine = z.infer<typeof AnnotationLineSchema>

/** Review counts over a set of interactions (a queue, a scope). */
export interface ReviewCounts {
  /** interactions considered */
  total: number
  /** of them, with an annotation of any status */
  reviewed: number
  by_status: Record<AnnotationStatus, number>
  /** confirmed_failure + fixed + false_alarm */
  verdicts: number
  /** (confirmed_failure + fixed) / verdicts; null without a verdict */
  precision: number | null
}

/** Counts statuses; `statuses` holds one entry per interaction considered (undefined = no annotation). */
export function reviewCounts(statuses: Iterable<AnnotationStatus | undefined>): ReviewCounts {
  const by_status: Record<AnnotationStatus, number> = { open: 0, confirmed_failure: 0, false_alarm: 0, fixed: 0 }
  let total = 0
  let reviewed = 0
  for (const s of statuses) {
    total++
    if (s === undefined) continue
    reviewed++
    by_status[s]++
  }
  const failures = by_status.confirmed_failure + by_status.fixed
  const verdicts = failures + by_status.false_alarm
  return { total, reviewed, by_status, verdicts, precision: verdicts > 0 ? failures / verdicts : null }
}
