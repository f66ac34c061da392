/**
 * Which columns of a dataset are free text (offered for dropping or masking before a bundle leaves
 * the machine), and the one masking function a bundle uses. The PII scan (src/main/pii) registers a
 * masker that replaces only what it finds; until then the built-in one redacts whole values.
 */
import type { Engine } from '../engine/engine'
import { ident } from '../ingest/sql'

/** Columns known to hold free text: requests, responses, instructions, tuning samples. */
export const KNOWN_TEXT_COLUMNS: ReadonlySet<string> = new Set([
  'request_text',
  'request_text_template',
  'response_text_snippet',
  'instruction_text',
  'raw_request_text',
  'raw_response_text',
  'sft_user_prompt',
  'sft_assistant_response',
  'user_feedback_text',
  'notes'
])

/** Other text columns count as free text when their values average at least this many characters (a sample). */
export const TEXT_AVG_CHARS = 40
const SAMPLE_ROWS = 2000

/** Columns never treated as free text whatever their length: keys and hashes. */
const KEY_COLUMN = /(^|_)(id|sha1|sha256|hash|key)$/

/** The free-text columns of one table: known names, and long VARCHAR columns (by a sample's average length). */
export async function freeTextColumns(engine: Engine, table: string, columns: readonly { name: string; type: string }[]): Promise<Set<string>> {
  const out = new Set<string>()
  const candidates: string[] = []
  for (const c of columns) {
    if (c.type !== 'VARCHAR') continue
    const lower = c.name.toLowerCase()
    if (KNOWN_TEXT_COLUMNS.has(lower)) out.add(c.name)
    else if (!KEY_COLUMN.test(lower)) candidates.push(c.name)
  }
  if (candidates.length) {
    const [avg] = await engine.all(`SELECT ${candidates.map((c, i) => `avg(length(${ident(c)}))::DOUBLE AS a${i}`).join(', ')} FROM (SELECT * FROM ${ident(table)} LIMIT ${SAMPLE_ROWS})`)
    candidates.forEach((c, i) => {
      const v = avg[`a${i}`]
      if (typeof v === 'number' && v >= TEXT_AVG_CHARS) out.add(c)
    })
  }
  return out
}

/** A relation to read instead of a table, with some text columns masked; dispose drops what prepare made. */
export interface MaskedRelation {
  /** a table or view name: the same columns and rows, in the same order, as the table */
  relation: string
  /** per column, how it was masked (recorded in the bundle's manifest) */
  methods: Record<string, string>
  dispose(): Promise<void>
}

/**
 * The one masking function bundles use. The PII scan implements it with its detectors (type tags
 * or keyed pseudonyms in place of each finding) and registers it with setTextMasker.
 */
export interface TextMasker {
  kind: 'pii' | 'redact'
  /** one line for the export dialog: what masking does */
  description: string
  prepare(engine: Engine, req: { table: string; columns: string[]; signal?: AbortSignal; onProgress?: (fraction: number) => void }): Promise<MaskedRelation>
}

let maskSeq = 0

/** The built-in masker: every non-null value of a masked column becomes `<REDACTED>` (no detector needed). */
export const REDACT_MASKER: TextMasker = {
  kind: 'redact',
  description: 'Masking replaces every value of a masked column with <REDACTED> (the PII scan, when present, masks only what it finds).',
  async prepare(engine, req) {
    const view = `bundle_masked_${++maskSeq}`
    const replace = req.columns.map((c) => `CASE WHEN ${ident(c)} IS NULL THEN NULL ELSE '<REDACTED>' END AS ${ident(c)}`).join(', ')
    await engine.run(`CREATE OR REPLACE TEMP VIEW ${ident(view)} AS SELECT * REPLACE (${replace}) FROM ${ident(req.table)}`)
    return {
      relation: view,
      methods: Object.fromEntries(req.columns.map((c) => [c, 'redact'])),
      dispose: () => engine.run(`DROP VIEW IF EXISTS ${ident(view)}`)
    }
  }
}

let masker: TextMasker = REDACT_MASKER

/** Installs the masker bundles use (the PII scan calls this at start-up). */
export function setTextMasker(m: TextMasker): void {
  masker = m
}

export function textMasker(): TextMasker {
  return masker
}
