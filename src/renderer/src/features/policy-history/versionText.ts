/** Pure wording of the policy history: a metric delta with its sign. */
import { formatNumber, MISSING } from '../../lib/format'

/** "+0.0123", "-1.5000", "0" (no change), "—" when unknown. */
export function describeDelta(delta: number | null): string {
  if (delta === null || !Number.isFinite(delta)) return MISSING
  if (delta === 0) return '0'
  return `${delta > 0 ? '+' : '−'}${formatNumber(Math.abs(delta), 4)}`
}
