/** Pure text helpers of the annotation UI: labels typed as a comma list, the status tones and key bindings, a review count in words. */
import { ANNOTATION_STATUSES, ANNOTATION_STATUS_LABEL, type AnnotationStatus, type ReviewCounts } from '../../../../shared/annotations'
import type { BadgeTone } from '../../components/Badge'

/** "a, b ,, a" -> ['a', 'b'] (trimmed, empty and repeated labels dropped). */
export function parseLabels(text: string): string[] {
  return [...new Set(text.split(',').map((l) => l.trim()).filter(Boolean))].map((l) => l.slice(0, 80))
}

export const STATUS_TONE: Record<AnnotationStatus, BadgeTone> = { open: 'neutral', confirmed_failure: 'bad', false_alarm: 'good', fixed: 'warn' }

/** Review keys: 1 open, 2 confirmed failure, 3 false alarm, 4 fixed. */
export const STATUS_KEYS: Record<string, AnnotationStatus> = Object.fromEntries(ANNOTATION_STATUSES.map((s, i) => [String(i + 1), s]))

export function statusKey(s: AnnotationStatus): string {
  return String(ANNOTATION_STATUSES.indexOf(s) + 1)
}

/** "37 of 200 reviewed". */
export function reviewedText(c: Pick<ReviewCounts, 'reviewed' | 'total'>): string {
  return `${c.reviewed.toLocaleString('en-US')} of ${c.total.toLocaleString('en-US')} reviewed`
}

export function statusLabel(s: AnnotationStatus): string {
  return ANNOTATION_STATUS_LABEL[s]
}
