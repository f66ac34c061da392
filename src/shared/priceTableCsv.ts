/** Reads and writes the price table as CSV: one model per row, dollars per million prompt and completion tokens; every rejected row is named with its line and reason. */
import { toCsv } from './artifacts/csv'
import { MAX_PRICE_PER_1M, modelLabel, priceKey, type PriceEntry, type PriceRow } from './economics'

/** The columns an import needs (model_provider may be absent or empty) and what an export writes first. */
export const PRICE_CSV_COLUMNS = ['model_provider', 'model_name', 'usd_per_1m_prompt', 'usd_per_1m_completion'] as const

/** Other header names accepted on import, lower-cased. */
const HEADER_ALIASES: Record<string, (typeof PRICE_CSV_COLUMNS)[number]> = {
  model_provider: 'model_provider',
  provider: 'model_provider',
  model_name: 'model_name',
  model: 'model_name',
  usd_per_1m_prompt: 'usd_per_1m_prompt',
  prompt_usd_per_1m: 'usd_per_1m_prompt',
  usd_per_1m_input: 'usd_per_1m_prompt',
  input_usd_per_1m: 'usd_per_1m_prompt',
  usd_per_1m_completion: 'usd_per_1m_completion',
  completion_usd_per_1m: 'usd_per_1m_completion',
  usd_per_1m_output: 'usd_per_1m_completion',
  output_usd_per_1m: 'usd_per_1m_completion'
}

export interface CsvRecord {
  /** 1-based line on which the record starts */
  line: number
  fields: string[]
}

/** RFC 4180 records (quotes, doubled quotes, CR/LF inside quotes), each with the line it starts on. Throws on an unclosed quote. */
export function parseCsvRecords(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const out: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let line = 1
  let start = 1
  let quoted = false
  let i = 0
  const endRecord = (): void => {
    fields.push(field)
    out.push({ line: start, fields })
    fields = []
    field = ''
  }
  while (i < src.length) {
    const ch = src[i]
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
      } else {
        if (ch === '\n') line++
        field += ch
      }
      i++
      continue
    }
    if (ch === '"' && field === '') quoted = true
    else if (ch === ',') {
      fields.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      endRecord()
      if (ch === '\r' && src[i + 1] === '\n') i++
      line++
      start = line
    } else field += ch
    i++
  }
  if (quoted) throw new Error(`line ${start}: a quoted field is never closed`)
  if (field !== '' || fields.length) endRecord()
  return out
}

export interface PriceCsvError {
  line: number
  reason: string
}

export interface PriceCsvResult {
  entries: PriceEntry[]
  /** the line each entry came from, in the same order */
  lines: number[]
  errors: PriceCsvError[]
  /** data rows read (blank lines not counted) */
  rows: number
}

function parsePrice(raw: string, column: string): { value: number } | { error: string } {
  const s = raw.trim().replace(/^\$/, '').trim()
  if (s === '') return { error: `${column} is empty` }
  // Number('') and Number('0x10') are numbers; a price is written in decimal only.
  if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return { error: `${column} "${raw.trim()}" is not a number` }
  const v = Number(s)
  if (!Number.isFinite(v)) return { error: `${column} "${raw.trim()}" is not a finite number` }
  if (v > MAX_PRICE_PER_1M) return { error: `${column} ${v} is above ${MAX_PRICE_PER_1M} dollars per million tokens` }
  return { value: v }
}

/**
 * Parses a price table CSV. The header names the columns (aliases such as provider / model /
 * usd_per_1m_input are accepted; other columns are ignored). A row is rejected, with its line and
 * reason, when its field count differs from the header's, its model name is empty, a price is
 * not a non-negative decimal number, or its model was already listed (the first row wins).
 */
export function parsePriceCsv(text: string): PriceCsvResult {
  let records: CsvRecord[]
  try {
    records = parseCsvRecords(text)
  } catch (err) {
    return { entries: [], lines: [], errors: [{ line: 1, reason: err instanceof Error ? err.message : String(err) }], rows: 0 }
  }
  const nonBlank = records.filter((r) => !(r.fields.length === 1 && r.fields[0].trim() === ''))
  if (nonBlank.length === 0) return { entries: [], lines: [], errors: [{ line: 1, reason: 'the file is empty: expected a header row' }], rows: 0 }
  const [header, ...body] = nonBlank
  const index: Partial<Record<(typeof PRICE_CSV_COLUMNS)[number], number>> = {}
  header.fields.forEach((h, i) => {
    const canon = HEADER_ALIASES[h.trim().toLowerCase()]
    if (canon && index[canon] === undefined) index[canon] = i
  })
  const missing = PRICE_CSV_COLUMNS.filter((c) => c !== 'model_provider' && index[c] === undefined)
  if (missing.length) {
    return { entries: [], lines: [], errors: [{ line: header.line, reason: `the header has no ${missing.join(', ')} column (found: ${header.fields.map((f) => f.trim()).join(', ')})` }], rows: body.length }
  }
  const entries: PriceEntry[] = []
  const lines: number[] = []
  const errors: PriceCsvError[] = []
  const firstLine = new Map<string, number>()
  for (const r of body) {
    if (r.fields.length !== header.fields.length) {
      errors.push({ line: r.line, reason: `${r.fields.length} fields, the header has ${header.fields.length}` })
      continue
    }
    const get = (c: (typeof PRICE_CSV_COLUMNS)[number]): string => (index[c] === undefined ? '' : r.fields[index[c]!])
    const name = get('model_name').trim()
    if (name === '') {
      errors.push({ line: r.line, reason: 'model_name is empty' })
      continue
    }
    if (name.length > 500) {
      errors.push({ line: r.line, reason: 'model_name is longer than 500 characters' })
      continue
    }
    const provider = get('model_provider').trim()
    const prompt = parsePrice(get('usd_per_1m_prompt'), 'usd_per_1m_prompt')
    const completion = parsePrice(get('usd_per_1m_completion'), 'usd_per_1m_completion')
    const problems = ['error' in prompt ? prompt.error : null, 'error' in completion ? completion.error : null].filter((x): x is string => x !== null)
    if (problems.length) {
      errors.push({ line: r.line, reason: problems.join('; ') })
      continue
    }
    const entry: PriceEntry = {
      model_provider: provider === '' ? null : provider.slice(0, 500),
      model_name: name,
      usd_per_1m_prompt: (prompt as { value: number }).value,
      usd_per_1m_completion: (completion as { value: number }).value
    }
    const key = priceKey(entry)
    const first = firstLine.get(key)
    if (first !== undefined) {
      errors.push({ line: r.line, reason: `model ${modelLabel(entry)} is already listed on line ${first}` })
      continue
    }
    firstLine.set(key, r.line)
    entries.push(entry)
    lines.push(r.line)
  }
  return { entries, lines, errors, rows: body.length }
}

/** The effective price table as CSV: the four import columns, then where each price comes from and how well the estimate fits. */
export function formatPriceCsv(rows: readonly PriceRow[]): string {
  const columns = [...PRICE_CSV_COLUMNS, 'source', 'requests', 'fit_method', 'fit_rows', 'fit_rows_trimmed', 'fit_r2', 'fit_quality', 'estimated_usd_per_1m_prompt', 'estimated_usd_per_1m_completion']
  return toCsv(
    columns,
    rows
      .filter((r) => r.model_name !== null)
      .map((r) => ({
        model_provider: r.model_provider,
        model_name: r.model_name,
        usd_per_1m_prompt: r.usd_per_1m_prompt,
        usd_per_1m_completion: r.usd_per_1m_completion,
        source: r.source,
        requests: r.requests,
        fit_method: r.estimate?.method,
        fit_rows: r.estimate?.rows,
        fit_rows_trimmed: r.estimate?.rows_trimmed,
        fit_r2: r.estimate?.r2,
        fit_quality: r.estimate?.quality,
        estimated_usd_per_1m_prompt: r.estimate?.usd_per_1m_prompt,
        estimated_usd_per_1m_completion: r.estimate?.usd_per_1m_completion
      }))
  )
}

/** The operator's entries after an import: imported models replace their old entry, the others stay. */
export function mergePriceEntries(current: readonly PriceEntry[], imported: readonly PriceEntry[]): PriceEntry[] {
  const byKey = new Map(current.map((e) => [priceKey(e), e]))
  for (const e of imported) byKey.set(priceKey(e), e)
  return [...byKey.values()]
}
