/** CLI that writes a synthetic telemetry dataset (five canonical CSV tables) with scripts/generateData.ts. */
import * as path from 'node:path'
import * as fs from 'node:fs'
import { createFileSinks, generateDataset, validateOptions, type GenerateOptions } from './generateData'
import { createPiiPlanter } from './piiPlant'
import { parseFailureStep } from './plantedChanges'
import { DEFAULT_PLANTED, PLANTED_FAMILIES, PLANTED_TRUTH_FILE, PlantedFamilies } from './plantedFamilies'

export const USAGE = `Usage: npx tsx scripts/generate.ts --rows N --out DIR [--seed S] [--days D] [--start YYYY-MM-DD]

  --rows N      number of interaction rows (positive integer, required)
  --out DIR     output directory, created if missing (required)
  --seed S      integer PRNG seed (default 42); same seed and options -> identical bytes
  --days D      length of the period in days (default 60)
  --start DATE  first UTC day of the period (default 2025-02-01)
  --planted-families N   plant N request families with their own vocabulary (1..${PLANTED_FAMILIES.length}; the first
                         mostly fails) and write the truth to ${PLANTED_TRUTH_FILE}; absent: the default output
  --planted-share F      share of requests per planted family (default ${DEFAULT_PLANTED.share})
  --planted-seed S       seed of the planting (default ${DEFAULT_PLANTED.seed})
  --planted-style STYLE  templates (default: four templates per family), phrases (one template per family)
                         or words (random words of the family's vocabulary)
  --planted-failure-step family=I,from=YYYY-MM-DD,factor=X
                         the requests of planted family I (0 = the first) fail X times as often from that day
                         (a failure mode that starts inside one request family: an alarm on its cluster)
  --plant-pii R plant PII into a share R of requests (R/2 of responses, plus look-alikes in 1.5 R of rows);
                the planted values and their spans go to DIR/pii_planted.json (scripts/piiPlant.ts)
  --plant-failure-step model=NAME,from=YYYY-MM-DD[,to=YYYY-MM-DD],factor=X
                multiplies one model's (or, without model=, every model's) failure probability
                from that day (to the end, or to the 'to' day: a spike); repeatable
  --help        show this help`

export interface CliArgs {
  opts: GenerateOptions
  out: string
  /** share of requests that get planted PII; undefined: none */
  plantPii?: number
}

/** `family=I,from=YYYY-MM-DD,factor=X` (PlantedFamilies checks the values). */
function parseFamilyStep(spec: string): { family: number; from: string; factor: number } {
  const fields: Record<string, string> = {}
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=')
    if (eq <= 0) throw new Error(`--planted-failure-step: expected key=value, got "${part}"`)
    fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim()
  }
  for (const k of Object.keys(fields)) if (!['family', 'from', 'factor'].includes(k)) throw new Error(`--planted-failure-step: unknown key "${k}" (family, from, factor)`)
  if (fields.family === undefined || fields.from === undefined || fields.factor === undefined) throw new Error('--planted-failure-step needs family=I,from=YYYY-MM-DD,factor=X')
  if (!/^\d+$/.test(fields.family)) throw new Error(`--planted-failure-step: family must be a whole number, got "${fields.family}"`)
  return { family: Number(fields.family), from: fields.from, factor: Number(fields.factor) }
}

/** Parses argv (without node and script); throws an Error with a readable message on bad input. */
export function parseArgs(argv: readonly string[]): CliArgs | 'help' {
  const values: Record<string, string> = {}
  const steps: string[] = []
  const known = new Set(['rows', 'out', 'seed', 'days', 'start', 'plant-failure-step', 'plant-pii', 'planted-families', 'planted-share', 'planted-seed', 'planted-style', 'planted-failure-step'])
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--help' || a === '-h') return 'help'
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"`)
    let key = a.slice(2)
    let val: string | undefined
    const eq = key.indexOf('=')
    if (eq >= 0) {
      val = key.slice(eq + 1)
      key = key.slice(0, eq)
    } else {
      val = argv[i + 1]
      if (val === undefined || val.startsWith('--')) throw new Error(`--${key} needs a value`)
      i++
    }
    if (!known.has(key)) throw new Error(`unknown option --${key}`)
    if (key === 'plant-failure-step') {
      steps.push(val)
      continue
    }
    if (key in values) throw new Error(`--${key} given more than once`)
    values[key] = val
  }
  if (values.rows === undefined) throw new Error('--rows is required')
  if (values.out === undefined || values.out.trim() === '') throw new Error('--out is required')
  const int = (name: string, s: string, min: number): number => {
    if (!/^-?\d+$/.test(s.trim())) throw new Error(`--${name} must be an integer, got "${s}"`)
    const n = Number(s)
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got "${s}"`)
    return n
  }
  const opts: GenerateOptions = {
    rows: int('rows', values.rows, 1),
    seed: values.seed === undefined ? 42 : int('seed', values.seed, -2147483648),
    days: values.days === undefined ? 60 : int('days', values.days, 1)
  }
  if (opts.seed > 4294967295) throw new Error(`--seed must fit in 32 bits, got "${values.seed}"`)
  if (values.start !== undefined) opts.start = values.start
  if (values['planted-families'] !== undefined) {
    const share = values['planted-share'] === undefined ? DEFAULT_PLANTED.share : Number(values['planted-share'])
    if (!Number.isFinite(share)) throw new Error(`--planted-share must be a number, got "${values['planted-share']}"`)
    opts.planted = new PlantedFamilies({
      ...DEFAULT_PLANTED,
      families: int('planted-families', values['planted-families'], 1),
      share,
      seed: values['planted-seed'] === undefined ? DEFAULT_PLANTED.seed : int('planted-seed', values['planted-seed'], 0),
      style: plantedStyle(values['planted-style']),
      ...(values['planted-failure-step'] !== undefined ? { failureStep: parseFamilyStep(values['planted-failure-step']) } : {})
    })
  } else if (values['planted-share'] !== undefined || values['planted-seed'] !== undefined || values['planted-style'] !== undefined || values['planted-failure-step'] !== undefined) {
    throw new Error('--planted-share, --planted-seed, --planted-style and --planted-failure-step need --planted-families')
  }
  if (steps.length) opts.plant = { failureSteps: steps.map(parseFailureStep) }
  validateOptions(opts)
  let plantPii: number | undefined
  if (values['plant-pii'] !== undefined) {
    plantPii = Number(values['plant-pii'])
    if (!(plantPii > 0 && plantPii <= 0.5)) throw new Error(`--plant-pii must be a share in (0, 0.5], got "${values['plant-pii']}"`)
  }
  return { opts, out: values.out, plantPii }
}

function plantedStyle(s: string | undefined): 'templates' | 'phrases' | 'words' {
  if (s === undefined || s === 'templates') return 'templates'
  if (s === 'words' || s === 'phrases') return s
  throw new Error(`--planted-style must be templates, phrases or words, got "${s}"`)
}

/** Runs the CLI; returns the process exit code. */
export function main(argv: readonly string[]): number {
  let parsed: CliArgs | 'help'
  try {
    parsed = parseArgs(argv)
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n\n${USAGE}\n`)
    return 1
  }
  if (parsed === 'help') {
    process.stdout.write(USAGE + '\n')
    return 0
  }
  const { opts, out, plantPii } = parsed
  const dir = path.resolve(out)
  const t0 = Date.now()
  try {
    const files = createFileSinks(dir)
    const planter = plantPii === undefined ? null : createPiiPlanter(opts.seed, { requestRate: plantPii, responseRate: plantPii / 2, lookalikeRate: plantPii * 1.5 })
    const summary = generateDataset({ ...opts, textHook: planter?.hook }, files.sinks, (done, total) => {
      const pct = Math.round((100 * done) / total)
      process.stderr.write(`  ${pct}% ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} rows (${((Date.now() - t0) / 1000).toFixed(1)}s)\n`)
    })
    if (opts.planted) fs.writeFileSync(path.join(dir, PLANTED_TRUTH_FILE), opts.planted.truthCsv())
    if (planter) {
      fs.writeFileSync(path.join(dir, 'pii_planted.json'), JSON.stringify(planter.truths, null, 1) + '\n')
      process.stdout.write(`planted ${planter.truths.length} PII values (pii_planted.json)\n`)
    }
    const secs = (Date.now() - t0) / 1000
    const mb = files.bytes() / 1e6
    process.stdout.write(
      `generated ${summary.rows} interactions, ${summary.sessions} sessions, ${summary.users} users, ${summary.prompts} prompts, ` +
        `${summary.samples} instruction samples (failure rate ${(summary.failureRate * 100).toFixed(1)}%, seed ${summary.seed}, ` +
        `${summary.start} + ${summary.days} days) into ${dir} in ${secs.toFixed(1)}s (${mb.toFixed(1)} MB)\n`
    )
    return 0
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`)
    return 1
  }
}

// run only when executed as a script (the test imports parseArgs without running the CLI)
if (/[\\/]generate\.ts$/.test(process.argv[1] ?? '')) process.exitCode = main(process.argv.slice(2))
