/** Pure editing of the price table: prices typed per model (validated as typed), turned into the operator's entries on save; resetting a model to its estimate; adding a model the data does not have. */
import { MAX_PRICE_PER_1M, PRICE_TABLE_FORMAT, priceKey, type ModelKey, type PriceEntry, type PriceRow, type PriceTable } from '../../../../shared/economics'
import { mergePriceEntries } from '../../../../shared/priceTableCsv'

/** What the operator typed for a model, by priceKey. */
export type PriceDraft = Record<string, { prompt: string; completion: string }>

/** The value of a typed price, or why it is not one. */
export function parsePriceInput(raw: string): { value: number } | { error: string } {
  const s = raw.trim().replace(/^\$/, '')
  if (s === '') return { error: 'enter a price' }
  if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return { error: 'a number of dollars, 0 or more' }
  const v = Number(s)
  if (!Number.isFinite(v) || v > MAX_PRICE_PER_1M) return { error: `at most ${MAX_PRICE_PER_1M.toLocaleString('en-US')}` }
  return { value: v }
}

/** Errors of a draft, by priceKey (absent when the model's two prices are valid). */
export function draftErrors(draft: PriceDraft): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, d] of Object.entries(draft)) {
    const p = parsePriceInput(d.prompt)
    const c = parsePriceInput(d.completion)
    const errs = ['error' in p ? `prompt: ${p.error}` : null, 'error' in c ? `completion: ${c.error}` : null].filter(Boolean)
    if (errs.length) out[k] = errs.join('; ')
  }
  return out
}

function keyOf(m: ModelKey): string {
  return priceKey(m)
}

/** The table with the drafted prices as operator entries; null when a draft is invalid or names a model not in `rows`. */
export function applyDraft(table: PriceTable, rows: readonly PriceRow[], draft: PriceDraft): PriceTable | null {
  if (Object.keys(draftErrors(draft)).length) return null
  const edits: PriceEntry[] = []
  for (const [k, d] of Object.entries(draft)) {
    const row = rows.find((r) => keyOf(r) === k)
    if (!row || row.model_name === null) return null
    edits.push({
      model_provider: row.model_provider,
      model_name: row.model_name,
      usd_per_1m_prompt: (parsePriceInput(d.prompt) as { value: number }).value,
      usd_per_1m_completion: (parsePriceInput(d.completion) as { value: number }).value
    })
  }
  return { format: PRICE_TABLE_FORMAT, version: 1, entries: mergePriceEntries(table.entries, edits) }
}

/** The table without the operator's price for one model (it goes back to its estimate). */
export function withoutEntry(table: PriceTable, model: ModelKey): PriceTable {
  const k = keyOf(model)
  return { ...table, entries: table.entries.filter((e) => keyOf(e) !== k) }
}

/** The table with prices for a model the operator adds (e.g. one to evaluate before it serves traffic). */
export function withNewModel(table: PriceTable, provider: string, name: string, prompt: string, completion: string): { table: PriceTable } | { error: string } {
  const n = name.trim()
  if (n === '') return { error: 'name the model' }
  const p = parsePriceInput(prompt)
  const c = parsePriceInput(completion)
  if ('error' in p) return { error: `prompt price: ${p.error}` }
  if ('error' in c) return { error: `completion price: ${c.error}` }
  const entry: PriceEntry = { model_provider: provider.trim() || null, model_name: n, usd_per_1m_prompt: p.value, usd_per_1m_completion: c.value }
  return { table: { ...table, entries: mergePriceEntries(table.entries, [entry]) } }
}
