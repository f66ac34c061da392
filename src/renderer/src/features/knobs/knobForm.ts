/** Pure logic of the knobs form: text drafts from knob values, parsing and validation (validateKnobs) with one message per knob, the changed set and the derived thresholds. */
import { DEFAULT_KNOBS, KNOB_NAMES, deriveKnobs, validateKnobs, type DerivedKnobs, type Knobs } from '../../../../shared/knobs'
import type { KnobName } from './knobDefs'

/** What the operator typed, per knob. */
export type KnobDraft = Record<KnobName, string>

export interface KnobErrors {
  /** the first message per knob, already naming the knob ("CAPACITY_PER_DAY must be at least 1") */
  byKnob: Partial<Record<KnobName, string>>
  /** messages that name no single knob */
  general: string[]
}

export type DraftResult = { ok: true; knobs: Knobs } | { ok: false; errors: KnobErrors }

// A plain decimal number: no hex, no "Infinity", no empty string (Number('') would be 0).
const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

export function draftFromKnobs(knobs: Knobs): KnobDraft {
  return Object.fromEntries(KNOB_NAMES.map((n) => [n, String(knobs[n])])) as KnobDraft
}

export const DEFAULT_DRAFT: Readonly<KnobDraft> = Object.freeze(draftFromKnobs({ ...DEFAULT_KNOBS }))

function isKnobName(s: string): s is KnobName {
  return (KNOB_NAMES as readonly string[]).includes(s)
}

/** Sorts validateKnobs / setKnobs messages ("NAME: message") by knob; the first message of a knob wins. */
export function errorsByKnob(errors: readonly string[]): KnobErrors {
  const out: KnobErrors = { byKnob: {}, general: [] }
  for (const e of errors) {
    const m = /^([A-Z0-9_]+): (.*)$/s.exec(e)
    if (m && isKnobName(m[1])) {
      out.byKnob[m[1]] ??= m[2]
    } else {
      out.general.push(e)
    }
  }
  return out
}

/** Parses one input: the number, or the message to show (never NaN). */
export function parseKnobText(name: KnobName, text: string): { ok: true; value: number } | { ok: false; message: string } {
  const t = text.trim()
  if (t === '') return { ok: false, message: `${name} is required` }
  if (!NUMBER_RE.test(t)) return { ok: false, message: `${name} must be a number` }
  const value = Number(t)
  if (!Number.isFinite(value)) return { ok: false, message: `${name} must be a finite number` }
  return { ok: true, value }
}

/** Parses every input, then validates the whole set with the same rules the backend uses. */
export function validateDraft(draft: KnobDraft): DraftResult {
  const errors: KnobErrors = { byKnob: {}, general: [] }
  const parsed: Partial<Knobs> = {}
  for (const name of KNOB_NAMES) {
    const r = parseKnobText(name, draft[name] ?? '')
    if (r.ok) parsed[name] = r.value
    else errors.byKnob[name] = r.message
  }
  const v = validateKnobs(parsed)
  if (v.ok && Object.keys(errors.byKnob).length === 0) return { ok: true, knobs: v.knobs }
  if (!v.ok) addErrors(errors, v.errors)
  // Rules across knobs run only once every single knob is valid: check them again with the invalid
  // knobs at their defaults, so a cross-knob problem shows at the same time as the others.
  const valid = Object.fromEntries(Object.entries(parsed).filter(([k]) => !errors.byKnob[k as KnobName]))
  const cross = validateKnobs(valid)
  if (!cross.ok) addErrors(errors, cross.errors)
  return { ok: false, errors }
}

function addErrors(into: KnobErrors, messages: readonly string[]): void {
  const sorted = errorsByKnob(messages)
  for (const [k, msg] of Object.entries(sorted.byKnob) as [KnobName, string][]) into.byKnob[k] ??= msg
  for (const g of sorted.general) if (!into.general.includes(g)) into.general.push(g)
}

/** Knobs whose value in `next` differs from `current`, in KNOB_NAMES order. */
export function changedKnobs(current: Knobs, next: Knobs): KnobName[] {
  return KNOB_NAMES.filter((n) => current[n] !== next[n])
}

/** The subset of `next` that differs from `current` (what Apply sends). */
export function knobPatch(current: Knobs, next: Knobs): Partial<Knobs> {
  return Object.fromEntries(changedKnobs(current, next).map((n) => [n, next[n]])) as Partial<Knobs>
}

/** Inputs whose text does not read as the stored value (what the form marks as edited). */
export function editedKnobs(current: Knobs, draft: KnobDraft): KnobName[] {
  return KNOB_NAMES.filter((n) => {
    const r = parseKnobText(n, draft[n] ?? '')
    return !r.ok || r.value !== current[n]
  })
}

/** The derived thresholds of a draft, or null while FAIL_BUDGET (their only input) is not valid. */
export function derivedFromDraft(draft: KnobDraft): DerivedKnobs | null {
  const r = parseKnobText('FAIL_BUDGET', draft.FAIL_BUDGET)
  if (!r.ok) return null
  const v = validateKnobs({ FAIL_BUDGET: r.value })
  return v.ok ? deriveKnobs(v.knobs) : null
}

/** "SLA_MS 2200 → 2600, FAIL_BUDGET 0.02 → 0.03": what an Apply changed. */
export function describeChanges(before: Knobs, after: Knobs): string {
  return changedKnobs(before, after)
    .map((n) => `${n} ${before[n]} → ${after[n]}`)
    .join(', ')
}
