/** Operator knobs of PIPELINE.md section 11: defaults, validation and the values derived from them. */
import { z } from 'zod'

const positive = (name: string) => z.number({ error: `${name} must be a number` }).finite().positive({ message: `${name} must be greater than 0` })
const nonNegative = (name: string) => z.number({ error: `${name} must be a number` }).finite().min(0, { message: `${name} must be 0 or more` })
const fraction = (name: string) =>
  z.number({ error: `${name} must be a number` }).finite().gt(0, { message: `${name} must be between 0 and 1 (exclusive)` }).lt(1, { message: `${name} must be between 0 and 1 (exclusive)` })
const rate = (name: string) => z.number({ error: `${name} must be a number` }).finite().min(0, { message: `${name} must be between 0 and 1` }).max(1, { message: `${name} must be between 0 and 1` })
const count = (name: string) => z.number({ error: `${name} must be a number` }).int({ message: `${name} must be a whole number` }).min(1, { message: `${name} must be at least 1` })

/** The schema every knob set passes before any analysis sees it. */
export const KnobsSchema = z
  .object({
    SLA_MS: positive('SLA_MS'),
    FAIL_BUDGET: z.number().finite().gt(0, { message: 'FAIL_BUDGET must be greater than 0' }).max(1, { message: 'FAIL_BUDGET must be at most 1' }),
    SLA_BUDGET: z.number().finite().gt(0, { message: 'SLA_BUDGET must be greater than 0' }).max(1, { message: 'SLA_BUDGET must be at most 1' }),
    DAILY_COST_BUDGET_USD: positive('DAILY_COST_BUDGET_USD'),
    TIME_SPLIT_FRAC: fraction('TIME_SPLIT_FRAC'),
    DRIFT_REFERENCE_FRAC: fraction('DRIFT_REFERENCE_FRAC'),
    DRIFT_CURRENT_FRAC: fraction('DRIFT_CURRENT_FRAC'),
    MIN_REQUESTS_POLICY: count('MIN_REQUESTS_POLICY'),
    MIN_REQUESTS_SLICE: count('MIN_REQUESTS_SLICE'),
    MAX_LATENCY_MISSING_RATE: rate('MAX_LATENCY_MISSING_RATE'),
    MAX_COST_MISSING_RATE: rate('MAX_COST_MISSING_RATE'),
    FAILURE_EVENT_COST_USD: nonNegative('FAILURE_EVENT_COST_USD'),
    SLA_BREACH_PENALTY_USD: nonNegative('SLA_BREACH_PENALTY_USD'),
    REVIEW_COST: nonNegative('REVIEW_COST'),
    TRIAGE_FN_COST_USD: nonNegative('TRIAGE_FN_COST_USD'),
    CAPACITY_PER_DAY: count('CAPACITY_PER_DAY'),
    CAPACITY_P90_GUARD: count('CAPACITY_P90_GUARD'),
    RANDOM_SEED: z.number().int({ message: 'RANDOM_SEED must be a whole number' }),
    PII_MAX_RESPONSE_SHARE: rate('PII_MAX_RESPONSE_SHARE'),
    ANOMALY_Z: z
      .number({ error: 'ANOMALY_Z must be a number' })
      .finite()
      .min(1, { message: 'ANOMALY_Z must be between 1 and 20 (lower raises more alarms)' })
      .max(20, { message: 'ANOMALY_Z must be between 1 and 20 (lower raises more alarms)' }),
    ANOMALY_MIN_REQUESTS: count('ANOMALY_MIN_REQUESTS')
  })
  .strict()
  .refine((k) => k.DRIFT_REFERENCE_FRAC + k.DRIFT_CURRENT_FRAC <= 1, {
    message: 'DRIFT_REFERENCE_FRAC + DRIFT_CURRENT_FRAC must be at most 1',
    path: ['DRIFT_CURRENT_FRAC']
  })

export type Knobs = z.infer<typeof KnobsSchema>

export const DEFAULT_KNOBS: Readonly<Knobs> = Object.freeze({
  SLA_MS: 2200,
  FAIL_BUDGET: 0.02,
  SLA_BUDGET: 0.05,
  DAILY_COST_BUDGET_USD: 60,
  TIME_SPLIT_FRAC: 0.8,
  DRIFT_REFERENCE_FRAC: 0.4,
  DRIFT_CURRENT_FRAC: 0.2,
  MIN_REQUESTS_POLICY: 60,
  MIN_REQUESTS_SLICE: 60,
  MAX_LATENCY_MISSING_RATE: 0.05,
  MAX_COST_MISSING_RATE: 0.05,
  FAILURE_EVENT_COST_USD: 40,
  SLA_BREACH_PENALTY_USD: 5,
  REVIEW_COST: 2,
  TRIAGE_FN_COST_USD: 40,
  CAPACITY_PER_DAY: 200,
  CAPACITY_P90_GUARD: 250,
  RANDOM_SEED: 42,
  /** pii_in_responses gate: the largest share of responses allowed to carry PII or secrets */
  PII_MAX_RESPONSE_SHARE: 0,
  ANOMALY_Z: 4,
  ANOMALY_MIN_REQUESTS: 10
})

/** The knobs of PIPELINE.md section 11, the ones the decision artifact echoes (later knobs configure features beyond it). */
export const PIPELINE_KNOB_NAMES = [
  'SLA_MS',
  'FAIL_BUDGET',
  'SLA_BUDGET',
  'DAILY_COST_BUDGET_USD',
  'TIME_SPLIT_FRAC',
  'DRIFT_REFERENCE_FRAC',
  'DRIFT_CURRENT_FRAC',
  'MIN_REQUESTS_POLICY',
  'MIN_REQUESTS_SLICE',
  'MAX_LATENCY_MISSING_RATE',
  'MAX_COST_MISSING_RATE',
  'FAILURE_EVENT_COST_USD',
  'SLA_BREACH_PENALTY_USD',
  'REVIEW_COST',
  'TRIAGE_FN_COST_USD',
  'CAPACITY_PER_DAY',
  'CAPACITY_P90_GUARD',
  'RANDOM_SEED'
] as const satisfies readonly (keyof Knobs)[]

export const KNOB_NAMES = Object.keys(DEFAULT_KNOBS) as (keyof Knobs)[]

export type KnobsResult = { ok: true; knobs: Knobs } | { ok: false; errors: string[] }

/** Merges a partial knob set over the defaults and validates it; errors name the knob and the rule. */
export function validateKnobs(partial: unknown): KnobsResult {
  if (partial !== undefined && (typeof partial !== 'object' || partial === null || Array.isArray(partial))) {
    return { ok: false, errors: ['knobs must be a JSON object of NAME: number'] }
  }
  const merged = { ...DEFAULT_KNOBS, ...(partial as Record<string, unknown> | undefined) }
  const parsed = KnobsSchema.safeParse(merged)
  if (parsed.success) return { ok: true, knobs: parsed.data }
  return {
    ok: false,
    errors: parsed.error.issues.map((i) =>
      i.code === 'unrecognized_keys' ? `unknown knob(s): ${i.keys.join(', ')}` : `${i.path.join('.') || 'knobs'}: ${i.message}`
    )
  }
}

/** Derived thresholds, computed in float64 exactly as PIPELINE.md writes them. */
export interface DerivedKnobs {
  ROUTING_MAX_FAIL_RATE: number
  HOTSPOT_FAIL_RATE: number
}

export function deriveKnobs(k: Knobs): DerivedKnobs {
  return {
    ROUTING_MAX_FAIL_RATE: Math.min(0.2, Math.max(6 * k.FAIL_BUDGET, k.FAIL_BUDGET)),
    HOTSPOT_FAIL_RATE: Math.max(3 * k.FAIL_BUDGET, 0.05)
  }
}
