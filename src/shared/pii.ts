/** Types of the PII and secrets scan shared by the backend, the CLI and the renderer: entity types, findings (never a raw value), masking settings, the Privacy page's summaries and request schemas. */
import { z } from 'zod'
import { ScopeSchema } from './scope'

/** Entity types of PIPELINE.md section 12, then the ones this app adds (US_SSN). */
export const PII_ENTITY_TYPES = ['EMAIL_ADDRESS', 'PHONE_NUMBER', 'CREDIT_CARD', 'IBAN_CODE', 'IP_ADDRESS', 'SECRET', 'US_SSN'] as const
export type PiiEntityType = (typeof PII_ENTITY_TYPES)[number]

/** A finding is reported when its score is at least this (detectors score 0..1; context words raise weak patterns above it). */
export const PII_REPORT_SCORE = 0.5

/** The canonical response column: the `pii_in_responses` gate reads it. */
export const PII_RESPONSE_FIELD = 'response_text_snippet'

/** The gate's name in the integrity report. */
export const PII_GATE = 'pii_in_responses'

/**
 * One finding of pii_findings.csv. `start` / `end` are Unicode code point offsets into the field's
 * text as loaded (end exclusive: Python's `text[start:end]` is the value). Never holds the raw value.
 */
export interface PiiFinding {
  interaction_id: string | null
  field: string
  entity_type: PiiEntityType
  start: number
  end: number
  rule: string
  score: number
  /** the finding in its context, every finding of the text masked with type tags */
  preview: string
}

/** How masked text replaces a value: type tags, keyed pseudonyms (equal values give equal pseudonyms), or tags with cards' last four digits. */
export const MASK_MODES = ['tags', 'pseudonyms', 'last4'] as const
export type MaskMode = (typeof MASK_MODES)[number]

/** The operator's privacy settings (saved in the workspace). */
export interface PiiSettings {
  /** mask PII wherever text leaves the screen (Explorer, drawer, SQL console, exports, bundles); on by default */
  mask: boolean
  mode: MaskMode
  /** columns never scanned nor masked (ID-like columns that trip a detector) */
  allowColumns: string[]
  /** text columns scanned and masked on top of the default set (e.g. a user_id that holds e-mail addresses) */
  extraColumns: string[]
}

export const DEFAULT_PII_SETTINGS: Readonly<PiiSettings> = Object.freeze({ mask: true, mode: 'tags', allowColumns: [], extraColumns: [] })

const ColumnList = z.array(z.string().min(1).max(200)).max(200)

export const SetPiiSettingsRequestSchema = z
  .object({ mask: z.boolean().optional(), mode: z.enum(MASK_MODES).optional(), allowColumns: ColumnList.optional(), extraColumns: ColumnList.optional() })
  .strict()
export type SetPiiSettingsRequest = z.infer<typeof SetPiiSettingsRequestSchema>

/** The settings with what they apply to on the loaded dataset. */
export interface PiiSettingsView extends PiiSettings {
  /** the text columns scanned and masked now (defaults + extra - allow-listed) */
  scanColumns: string[]
  /** every text column of the interactions table, for the pickers */
  textColumns: string[]
}

/** Which fields have been scanned on the loaded dataset, and how the last scan went. */
export interface PiiScanStatus {
  /** fields whose findings are in the findings table */
  scannedFields: string[]
  /** fields of the current settings not scanned yet (the Privacy page offers a scan) */
  pendingFields: string[]
  /** rows of the interactions table */
  rows: number
  findings: number
  /** wall time of the last scan, ms (the load's response pass or a full scan) */
  lastScanMs: number | null
  lastScanAt: string | null
}

export interface PiiCount {
  key: string
  findings: number
  /** interactions with at least one finding */
  rows: number
}

/** Findings in scope by type, field, model, use case and day (the Privacy page). */
export interface PiiSummary {
  status: PiiScanStatus
  /** interactions in scope */
  interactions: number
  findings: number
  rows_with_findings: number
  /** responses in scope (non-empty response text) and those with a finding: the gate's share, within the scope */
  responses: number
  responses_with_findings: number
  by_type: PiiCount[]
  by_field: PiiCount[]
  /** findings per (type, field): the type x field matrix */
  by_type_field: { entity_type: string; field: string; findings: number; rows: number }[]
  by_model: PiiCount[]
  by_use_case: PiiCount[]
  /** findings per UTC day and type */
  by_day: { day: string; entity_type: string; findings: number; rows: number }[]
}

export const PiiFindingsRequestSchema = z
  .object({
    scope: ScopeSchema.default({}),
    types: z.array(z.enum(PII_ENTITY_TYPES)).max(20).optional(),
    fields: z.array(z.string().min(1).max(200)).max(50).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(5000).default(200)
  })
  .strict()

export interface PiiFindingsPage {
  total: number
  rows: (PiiFinding & { timestamp_utc: string | null; model_name: string | null; use_case: string | null })[]
}

export const RunPiiScanRequestSchema = z.object({ jobId: z.number().int().nonnegative() }).strict()
export const PiiSummaryRequestSchema = z.object({ scope: ScopeSchema.default({}) }).strict()
export const ExportPiiFindingsRequestSchema = z.object({ scope: ScopeSchema.default({}) }).strict()

/** What a workspace saves of the privacy state: the settings and the pseudonym key (hex), so pseudonyms stay equal across sessions. */
export const PiiWorkspaceStateSchema = z
  .object({
    settings: z
      .object({ mask: z.boolean(), mode: z.enum(MASK_MODES), allowColumns: ColumnList, extraColumns: ColumnList })
      .strict(),
    /** absent in a bundle's workspace: the key stays on the machine that made the pseudonyms */
    pseudonym_key_hex: z.string().regex(/^[0-9a-f]{64}$/).optional()
  })
  .strict()
export type PiiWorkspaceState = z.infer<typeof PiiWorkspaceStateSchema>
