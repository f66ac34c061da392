/** Pure handling of the routing what-if: the four knobs the operator may try, their text inputs parsed and validated like stored knobs, and the overrides that differ from the saved knobs. */
import { deriveKnobs, validateKnobs, type Knobs } from '../../../../shared/knobs'
import { formatPercentShort } from '../../lib/format'

export const WHAT_IF_KNOBS = ['SLA_MS', 'FAILURE_EVENT_COST_USD', 'SLA_BREACH_PENALTY_USD', 'FAIL_BUDGET'] as const
export type WhatIfKnob = (typeof WHAT_IF_KNOBS)[number]

/** What the operator typed, per knob. */
export type WhatIfDraft = Record<WhatIfKnob, string>
export type WhatIfOverrides = Partial<Pick<Knobs, WhatIfKnob>>

export interface WhatIfKnobSpec {
  knob: WhatIfKnob
  label: string
  unit: string
  step: number
  min: number
  /** what the knob does to the policy */
  help: string
}

export const WHAT_IF_SPECS: Record<WhatIfKnob, WhatIfKnobSpec> = {
  SLA_MS: { knob: 'SLA_MS', label: 'SLA_MS', unit: 'ms', step: 100, min: 1, help: 'Latency SLA: the p95 bound of each tier and what counts as an SLA breach.' },
  FAILURE_EVENT_COST_USD: { knob: 'FAILURE_EVENT_COST_USD', label: 'FAILURE_EVENT_COST_USD', unit: '$', step: 1, min: 0, help: 'Business cost of one failed request, added to the expected unit cost.' },
  SLA_BREACH_PENALTY_USD: { knob: 'SLA_BREACH_PENALTY_USD', label: 'SLA_BREACH_PENALTY_USD', unit: '$', step: 0.5, min: 0, help: 'Penalty of one SLA breach, added to the expected unit cost.' },
  FAIL_BUDGET: { knob: 'FAIL_BUDGET', label: 'FAIL_BUDGET', unit: 'share', step: 0.005, min: 0, help: 'The failure budget; routing derives its max fail rate from it.' }
}

export function draftFromKnobs(k: Knobs): WhatIfDraft {
  return { SLA_MS: String(k.SLA_MS), FAILURE_EVENT_COST_USD: String(k.FAILURE_EVENT_COST_USD), SLA_BREACH_PENALTY_USD: String(k.SLA_BREACH_PENALTY_USD), FAIL_BUDGET: String(k.FAIL_BUDGET) }
}

/** ROUTING_MAX_FAIL_RATE = min(0.20, max(6 × FAIL_BUDGET, FAIL_BUDGET)), as the backend derives it. */
export function maxFailRateFor(failBudget: number): number {
  return deriveKnobs({ FAIL_BUDGET: failBudget } as Knobs).ROUTING_MAX_FAIL_RATE
}

/** "sets max fail rate = 12%" for a FAIL_BUDGET, or null when it is not a number. */
export function maxFailRateNote(failBudget: number | null): string | null {
  if (failBudget === null || !Number.isFinite(failBudget)) return null
  return `sets max fail rate = ${formatPercentShort(maxFailRateFor(failBudget))}`
}

export interface WhatIfParse {
  /** knobs that differ from the saved ones (empty when the draft equals them) */
  overrides: WhatIfOverrides
  /** one message per knob that does not parse or validate */
  errors: Partial<Record<WhatIfKnob, string>>
  /** the draft's numbers, null where it is not a number */
  values: Record<WhatIfKnob, number | null>
}

export function parseWhatIf(draft: WhatIfDraft, saved: Knobs): WhatIfParse {
  const errors: Partial<Record<WhatIfKnob, string>> = {}
  const values = {} as Record<WhatIfKnob, number | null>
  for (const k of WHAT_IF_KNOBS) {
    const text = draft[k].trim()
    const n = text === '' ? NaN : Number(text)
    values[k] = Number.isFinite(n) ? n : null
    if (values[k] === null) errors[k] = `${k} must be a number`
  }
  const typed = Object.fromEntries(WHAT_IF_KNOBS.filter((k) => values[k] !== null).map((k) => [k, values[k]]))
  const checked = validateKnobs({ ...saved, ...typed })
  if (!checked.ok) {
    for (const e of checked.errors) {
      const k = WHAT_IF_KNOBS.find((name) => e.startsWith(`${name}:`))
      if (k && !errors[k]) errors[k] = e.slice(k.length + 1).trim()
    }
  }
  const overrides: WhatIfOverrides = {}
  if (Object.keys(errors).length === 0) {
    for (const k of WHAT_IF_KNOBS) if (values[k] !== saved[k]) overrides[k] = values[k] as number
  }
  return { overrides, errors, values }
}

export function hasOverrides(o: WhatIfOverrides): boolean {
  return Object.keys(o).length > 0
}
