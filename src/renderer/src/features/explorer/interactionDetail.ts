/** Pure reading of one interaction for the detail drawer: the summary facts with units, its flags, its texts and every other field. */
import type { CellValue, InteractionDetail } from '../../../../shared/explorer'
import { FAILURE_FLAGS } from '../../../../shared/schema'
import { MISSING, formatInt, formatMs, formatUtc } from '../../lib/format'
import { formatPrecise } from './cellFormat'

export interface Fact {
  label: string
  value: string
  /** the field it comes from (tests and the "all fields" list) */
  field: string
}

export interface FlagFact {
  name: string
  set: boolean
}

export interface TextFact {
  label: string
  field: string
  text: string | null
}

export interface DetailView {
  id: string
  facts: Fact[]
  failed: boolean | null
  failureType: string | null
  flags: FlagFact[]
  texts: TextFact[]
  /** every field in table order, as read on screen */
  fields: { name: string; value: string; raw: CellValue }[]
}

/** Flags in the order the drawer lists them. */
const FLAG_FIELDS = ['is_failure', ...FAILURE_FLAGS, 'user_reported_issue', 'is_failure_was_missing']

/** Texts the drawer shows in full, wrapped. */
const TEXT_FIELDS: { field: string; label: string }[] = [
  { field: 'request_text', label: 'Request' },
  { field: 'response_text_snippet', label: 'Response' }
]

function str(v: CellValue | undefined): string | null {
  return v === null || v === undefined || v === '' ? null : String(v)
}

function num(v: CellValue | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** Any field as text for the "all fields" list. */
export function fieldText(name: string, v: CellValue): string {
  if (v === null || v === '') return MISSING
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'number') return formatPrecise(v)
  if (name === 'timestamp_utc') return `${formatUtc(v)} UTC`
  return v
}

export function detailView(detail: InteractionDetail): DetailView {
  const f = new Map(detail.fields.map((x) => [x.name, x.value]))
  const has = (name: string): boolean => f.has(name)
  const facts: Fact[] = []
  const add = (field: string, label: string, value: string | null): void => {
    if (has(field)) facts.push({ field, label, value: value ?? MISSING })
  }
  const ts = str(f.get('timestamp_utc'))
  add('timestamp_utc', 'Time (UTC)', ts ? formatUtc(ts) : null)
  add('use_case', 'Use case', str(f.get('use_case')))
  add('model_name', 'Model', [str(f.get('model_provider')), str(f.get('model_name'))].filter(Boolean).join(' / ') || null)
  add('account_tier', 'Tier', str(f.get('account_tier')))
  add('channel', 'Channel', str(f.get('channel')))
  add('region', 'Region', str(f.get('region')))
  const lat = num(f.get('latency_ms'))
  add('latency_ms', 'Latency', lat === null ? null : formatMs(lat))
  const tot = num(f.get('total_tokens'))
  const pr = num(f.get('prompt_tokens'))
  const co = num(f.get('completion_tokens'))
  add('total_tokens', 'Tokens', tot === null ? null : `${formatInt(tot)}${pr !== null && co !== null ? ` (${formatInt(pr)} in · ${formatInt(co)} out)` : ''}`)
  const cost = num(f.get('cost_usd'))
  add('cost_usd', 'Cost', cost === null ? null : `$${formatPrecise(cost)}`)
  const tools = num(f.get('tool_calls_count'))
  add('tool_calls_count', 'Tool calls', tools === null ? null : formatInt(tools))
  add('session_id', 'Session', str(f.get('session_id')))
  add('user_id', 'User', str(f.get('user_id')))
  add('split', 'Split', str(f.get('split')))

  const failedRaw = f.get('is_failure')
  const flags = FLAG_FIELDS.filter(has).map((name) => ({ name, set: f.get(name) === true }))
  const texts = TEXT_FIELDS.filter((t) => has(t.field)).map((t) => ({ ...t, text: str(f.get(t.field)) }))
  return {
    id: String(f.get('interaction_id') ?? ''),
    facts,
    failed: typeof failedRaw === 'boolean' ? failedRaw : null,
    failureType: str(f.get('failure_type')),
    flags,
    texts,
    fields: detail.fields.map((x) => ({ name: x.name, value: fieldText(x.name, x.value), raw: x.value }))
  }
}
