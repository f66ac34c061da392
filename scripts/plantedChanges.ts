/** Planted truths for the data generator: failure-rate steps (or one-day spikes) for one model or all, from a given UTC day; without a plan the generator's output is unchanged. */

/** Failure probability times `factor` for requests of `model` (every model when absent) on UTC days from..to. */
export interface FailureStep {
  model?: string
  /** first UTC day, YYYY-MM-DD */
  from: string
  /** last UTC day, inclusive (default: to the end of the period); from = to plants a one-day spike */
  to?: string
  /** multiplies the failure probability (capped at 0.9 like every probability of the generator) */
  factor: number
}

export interface PlantedChanges {
  failureSteps?: FailureStep[]
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

function isDay(s: string): boolean {
  if (!DAY.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** Throws an Error naming the bad field when the plan is invalid; `models` are the generator's model names. */
export function validatePlan(plan: PlantedChanges, models: readonly string[]): void {
  for (const [i, s] of (plan.failureSteps ?? []).entries()) {
    const where = `failure step ${i + 1}`
    if (s.model !== undefined && !models.includes(s.model)) throw new Error(`${where}: unknown model "${s.model}" (one of ${models.join(', ')})`)
    if (!isDay(s.from)) throw new Error(`${where}: from must be a YYYY-MM-DD day, got "${s.from}"`)
    if (s.to !== undefined && !isDay(s.to)) throw new Error(`${where}: to must be a YYYY-MM-DD day, got "${s.to}"`)
    if (s.to !== undefined && s.to < s.from) throw new Error(`${where}: to (${s.to}) is before from (${s.from})`)
    if (!(Number.isFinite(s.factor) && s.factor > 0)) throw new Error(`${where}: factor must be a number greater than 0, got ${s.factor}`)
  }
}

/**
 * The failure multiplier per (model index, day index): a table the generator reads per request, or
 * null when nothing is planted (the generator then does no extra arithmetic, so its output is unchanged).
 */
export function failureFactors(plan: PlantedChanges | undefined, models: readonly string[], dates: readonly string[]): Float64Array | null {
  const steps = plan?.failureSteps ?? []
  if (steps.length === 0) return null
  const table = new Float64Array(models.length * dates.length).fill(1)
  for (const s of steps) {
    for (let m = 0; m < models.length; m++) {
      if (s.model !== undefined && models[m] !== s.model) continue
      for (let d = 0; d < dates.length; d++) if (dates[d] >= s.from && (s.to === undefined || dates[d] <= s.to)) table[m * dates.length + d] *= s.factor
    }
  }
  return table
}

/** Parses `model=NAME,from=YYYY-MM-DD[,to=YYYY-MM-DD],factor=X` (model may be omitted: every model). */
export function parseFailureStep(spec: string): FailureStep {
  const fields: Record<string, string> = {}
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=')
    if (eq <= 0) throw new Error(`--plant-failure-step: expected key=value, got "${part}"`)
    const k = part.slice(0, eq).trim()
    if (!['model', 'from', 'to', 'factor'].includes(k)) throw new Error(`--plant-failure-step: unknown key "${k}" (model, from, to, factor)`)
    fields[k] = part.slice(eq + 1).trim()
  }
  if (fields.from === undefined) throw new Error('--plant-failure-step: from=YYYY-MM-DD is required')
  if (fields.factor === undefined) throw new Error('--plant-failure-step: factor=X is required')
  const step: FailureStep = { from: fields.from, factor: Number(fields.factor) }
  if (fields.model !== undefined) step.model = fields.model
  if (fields.to !== undefined) step.to = fields.to
  return step
}
