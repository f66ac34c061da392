/** The Sampling page's form as typed (strings), its parsing into validated policy inputs with a message per field, and the rule editing helpers. */
import {
  DEFAULT_SAMPLING_INPUTS,
  RULE_CATEGORICAL_FIELDS,
  RULE_FLAG_FIELDS,
  RULE_NUMERIC_FIELDS,
  SamplingInputsSchema,
  type OperatorRule,
  type RuleCondition,
  type SamplingInputs
} from '../../../../shared/sampling'

export type BudgetMode = 'keep_share' | 'usd_per_month'

/** One operator rule as edited: the condition's value(s) and the rate as typed. */
export interface RuleDraft {
  id: string
  field: string
  /** comma-separated values (categorical), a number (numeric), unused (flag) */
  value: string
  /** percent, as typed */
  ratePct: string
}

export interface SamplingDraft {
  mode: BudgetMode
  /** percent of rows, as typed */
  keepPct: string
  usdPerMonth: string
  pricePerGb: string
  minKept: string
  /** percent, as typed */
  minRatePct: string
  /** YYYY-MM-DD, separated by commas, spaces or new lines */
  boostDays: string
  boostFactor: string
  /** the boost rule is on (its switch in the rule table) */
  boostEnabled: boolean
  /** the boost covers what the anomaly detector flags */
  boostFromAnomalies: boolean
  salt: string
  rules: RuleDraft[]
}

export type RuleFieldKind = 'categorical' | 'flag' | 'numeric'

/** Which kind of condition a column takes. */
export function fieldKind(field: string): RuleFieldKind {
  if ((RULE_FLAG_FIELDS as readonly string[]).includes(field)) return 'flag'
  if ((RULE_NUMERIC_FIELDS as readonly string[]).includes(field)) return 'numeric'
  return 'categorical'
}

/** Every column a rule can test, grouped for the picker. */
export const RULE_FIELD_GROUPS: { label: string; fields: readonly string[] }[] = [
  { label: 'is one of', fields: RULE_CATEGORICAL_FIELDS },
  { label: 'flag is true', fields: RULE_FLAG_FIELDS },
  { label: 'is above', fields: RULE_NUMERIC_FIELDS }
]

/** Trims a number's float noise for a form field (0.30000000000000004 -> "30"). */
function pctText(share: number): string {
  return String(Number((share * 100).toPrecision(12)))
}

/** The form showing these inputs. */
export function draftFromInputs(inputs: SamplingInputs = DEFAULT_SAMPLING_INPUTS): SamplingDraft {
  return {
    mode: inputs.budget.kind,
    keepPct: inputs.budget.kind === 'keep_share' ? pctText(inputs.budget.keep_share) : '20',
    usdPerMonth: inputs.budget.kind === 'usd_per_month' ? String(inputs.budget.usd_per_month) : '',
    pricePerGb: String(inputs.storage_usd_per_gb_month),
    minKept: String(inputs.min_kept_per_stratum_day),
    minRatePct: pctText(inputs.min_rate),
    boostDays: inputs.boost.days.join(', '),
    boostFactor: String(inputs.boost.factor),
    boostEnabled: inputs.boost.enabled,
    boostFromAnomalies: inputs.boost.from_anomalies,
    salt: inputs.hash_salt,
    rules: inputs.rules.map(ruleDraftOf)
  }
}

function ruleDraftOf(r: OperatorRule): RuleDraft {
  const c = r.condition
  return { id: r.id, field: c.field, value: c.op === 'in' ? c.values.join(', ') : c.op === 'gt' ? String(c.value) : '', ratePct: pctText(r.rate) }
}

export interface DraftParse {
  /** null while any field is invalid */
  inputs: SamplingInputs | null
  /** message per form field: 'keepPct', 'usdPerMonth', ..., 'rule:<id>' */
  errors: Record<string, string>
}

const NUMBER = /^\s*-?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?\s*$/i

function num(text: string): number | null {
  return NUMBER.test(text) ? Number(text) : null
}

/** The rule's condition from its draft, or the message saying what is wrong. */
export function ruleCondition(d: RuleDraft): RuleCondition | string {
  const kind = fieldKind(d.field)
  if (kind === 'flag') return { op: 'is_true', field: d.field as RuleCondition['field'] & (typeof RULE_FLAG_FIELDS)[number] }
  if (kind === 'numeric') {
    const v = num(d.value)
    return v === null ? `${d.field}: a number` : { op: 'gt', field: d.field as (typeof RULE_NUMERIC_FIELDS)[number], value: v }
  }
  const values = [
    ...new Set(
      d.value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    )
  ]
  return values.length ? { op: 'in', field: d.field as (typeof RULE_CATEGORICAL_FIELDS)[number], values } : `${d.field}: name at least one value`
}

/** Parses the form; every message names its field and the rule. */
export function parseDraft(d: SamplingDraft): DraftParse {
  const errors: Record<string, string> = {}
  const share = num(d.keepPct)
  const usd = num(d.usdPerMonth)
  if (d.mode === 'keep_share' && (share === null || !(share > 0) || share > 100)) errors.keepPct = 'a share above 0 and at most 100%'
  if (d.mode === 'usd_per_month' && (usd === null || !(usd > 0))) errors.usdPerMonth = 'dollars per month, above 0'
  const price = num(d.pricePerGb)
  if (price === null || !(price > 0)) errors.pricePerGb = 'a price above 0'
  const minKept = num(d.minKept)
  if (minKept === null || !Number.isInteger(minKept) || minKept < 0) errors.minKept = 'a whole number, 0 or more'
  const minRate = num(d.minRatePct)
  if (minRate === null || !(minRate > 0) || minRate > 100) errors.minRatePct = 'a rate above 0 and at most 100%'
  const days = d.boostDays
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean)
  const badDay = days.find((x) => !/^\d{4}-\d{2}-\d{2}$/.test(x) || Number.isNaN(Date.parse(`${x}T00:00:00Z`)))
  if (badDay) errors.boostDays = `${badDay} is not a YYYY-MM-DD day`
  const factor = num(d.boostFactor)
  if (factor === null || factor < 1 || factor > 1000) errors.boostFactor = 'a factor from 1 to 1000'
  const rules: OperatorRule[] = []
  for (const r of d.rules) {
    const cond = ruleCondition(r)
    const rate = num(r.ratePct)
    if (typeof cond === 'string') errors[`rule:${r.id}`] = cond
    else if (rate === null || rate < 0 || rate > 100) errors[`rule:${r.id}`] = 'a rate from 0 to 100%'
    else rules.push({ id: r.id, condition: cond, rate: rate / 100 })
  }
  if (Object.keys(errors).length) return { inputs: null, errors }
  const parsed = SamplingInputsSchema.safeParse({
    budget: d.mode === 'keep_share' ? { kind: 'keep_share', keep_share: share! / 100 } : { kind: 'usd_per_month', usd_per_month: usd! },
    rules,
    min_kept_per_stratum_day: minKept,
    min_rate: minRate! / 100,
    storage_usd_per_gb_month: price,
    boost: { enabled: d.boostEnabled, from_anomalies: d.boostFromAnomalies, days: [...new Set(days)].sort(), factor },
    hash_salt: d.salt
  })
  if (!parsed.success) return { inputs: null, errors: { form: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } }
  return { inputs: parsed.data, errors }
}

/** A rule id not used yet: r1, r2, ... */
export function nextRuleId(rules: readonly RuleDraft[]): string {
  const used = new Set(rules.map((r) => r.id))
  let k = rules.length + 1
  while (used.has(`r${k}`)) k++
  return `r${k}`
}

/** The form with one more rule at the end (before the default). */
export function addRule(d: SamplingDraft, rule: Omit<RuleDraft, 'id'>): SamplingDraft {
  return { ...d, rules: [...d.rules, { ...rule, id: nextRuleId(d.rules) }] }
}

export function updateRule(d: SamplingDraft, id: string, patch: Partial<Omit<RuleDraft, 'id'>>): SamplingDraft {
  return { ...d, rules: d.rules.map((r) => (r.id === id ? { ...r, ...patch } : r)) }
}

export function removeRule(d: SamplingDraft, id: string): SamplingDraft {
  return { ...d, rules: d.rules.filter((r) => r.id !== id) }
}

/** Moves a rule one place up (-1) or down (+1): the first matching rule wins, so order matters. */
export function moveRule(d: SamplingDraft, id: string, by: -1 | 1): SamplingDraft {
  const i = d.rules.findIndex((r) => r.id === id)
  const j = i + by
  if (i < 0 || j < 0 || j >= d.rules.length) return d
  const rules = [...d.rules]
  ;[rules[i], rules[j]] = [rules[j], rules[i]]
  return { ...d, rules }
}
