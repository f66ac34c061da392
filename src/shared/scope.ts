/** The global filter scope shared by every page and analysis (time range and categorical filters, free text). */
import { z } from 'zod'
import { ANNOTATION_FILTER_VALUES } from './annotations'

export const SCOPE_DIMENSIONS = [
  'use_case',
  'model_provider',
  'model_name',
  'account_tier',
  'channel',
  'region',
  'segment',
  'failure_type',
  'split',
  'user_id',
  'session_id',
  // not columns: membership of the active clusters (ids) and of map lassos (selection ids), see analysis/clusterTables.ts
  'cluster',
  'map_selection'
] as const
export type ScopeDimension = (typeof SCOPE_DIMENSIONS)[number]

/** Scope dimensions that are not columns of interactions but memberships kept by the backend. */
export const MEMBERSHIP_DIMENSIONS = ['cluster', 'map_selection'] as const
export type MembershipDimension = (typeof MEMBERSHIP_DIMENSIONS)[number]

export function isMembershipDimension(d: string): d is MembershipDimension {
  return (MEMBERSHIP_DIMENSIONS as readonly string[]).includes(d)
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'dates are YYYY-MM-DD (UTC)' })

/** A filter scope; a null inside a value list selects rows where that column is null. */
export const ScopeSchema = z
  .object({
    /** first UTC day included, YYYY-MM-DD */
    from: isoDate.optional(),
    /** last UTC day included, YYYY-MM-DD */
    to: isoDate.optional(),
    filters: z.partialRecord(z.enum(SCOPE_DIMENSIONS), z.array(z.string().max(500).nullable()).max(500)).optional(),
    /** case-insensitive substring of request_text */
    text: z.string().max(500).optional(),
    /** only failed requests (true) or only successes (false) */
    is_failure: z.boolean().optional(),
    /** only rows of one analysis window (PIPELINE.md section 3): drilldowns from history-window numbers use 'history' */
    window: z.enum(['history', 'calibration', 'evaluation']).optional(),
    /** annotation status of the interaction, any of them; 'unreviewed' selects interactions without an annotation */
    annotation: z.array(z.enum(ANNOTATION_FILTER_VALUES)).max(ANNOTATION_FILTER_VALUES.length).optional(),
    /** only rows with a PII finding (of these entity types, in these fields; empty lists: any) from the last scan */
    pii: z
      .object({ types: z.array(z.string().min(1).max(40)).max(20).optional(), fields: z.array(z.string().min(1).max(200)).max(50).optional() })
      .strict()
      .optional()
  })
  .strict()

export type Scope = z.infer<typeof ScopeSchema>

export const EMPTY_SCOPE: Scope = {}

/** True when the scope restricts nothing. */
export function isEmptyScope(scope: Scope | undefined): boolean {
  if (!scope) return true
  const f = scope.filters ?? {}
  return !scope.from && !scope.to && !scope.text && scope.is_failure === undefined && scope.window === undefined && scope.pii === undefined && !scope.annotation?.length && Object.values(f).every((v) => !v || v.length === 0)
}
