/** `sampling`: the telemetry sampling policy for a keep share, written as sampling_policy.json, the OTel Collector and Refinery configs, the projection and backtest, and with --emit-sample the sampled interactions. */
import fs from 'node:fs'
import path from 'node:path'
import { SamplingInputsSchema, type SamplingInputsInput } from '../../shared/sampling'
import { computeSampling } from '../analysis/sampling'
import { samplingFiles, SAMPLING_FILES } from '../artifacts/samplingArtifacts'
import { writeFileAtomic } from '../artifacts/analyze'
import { appVersion } from '../backend/version'
import { UsageError } from '../cliArgs'
import { EXIT_ERROR, EXIT_OK, type CommandContext } from './types'

/** The policy inputs from --sampling-inputs (a JSON file of rules, boost days, knobs) and --keep-share, validated before any data is read. */
export function readSamplingInputs(flags: Record<string, string | true>): ReturnType<typeof SamplingInputsSchema.parse> {
  let raw: SamplingInputsInput = {}
  const file = flags['sampling-inputs']
  if (typeof file === 'string') {
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8')) as SamplingInputsInput
    } catch (err) {
      throw new UsageError(`--sampling-inputs ${file}: ${(err as Error).message}`)
    }
  }
  const share = Number(flags['keep-share'])
  if (!(share > 0 && share <= 1)) throw new UsageError(`--keep-share must be a number above 0 and at most 1 (the share of rows to keep), got ${String(flags['keep-share'])}`)
  const boostFlag = flags.boost
  let boost = raw.boost
  if (boostFlag !== undefined) {
    const factor = Number(boostFlag)
    if (boostFlag === 'off') boost = { ...raw.boost, enabled: false }
    else if (typeof boostFlag === 'string' && factor >= 1 && factor <= 1000) boost = { ...raw.boost, enabled: true, factor }
    else throw new UsageError(`--boost must be a factor from 1 to 1000 (times the default rate on the days the anomaly detector flags) or off, got ${String(boostFlag)}`)
  }
  const parsed = SamplingInputsSchema.safeParse({ ...raw, ...(boost ? { boost } : {}), budget: { kind: 'keep_share', keep_share: share } })
  if (!parsed.success) throw new UsageError(`${typeof file === 'string' ? `--sampling-inputs ${file}` : 'sampling inputs'}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`)
  return parsed.data
}

export async function run(ctx: CommandContext): Promise<number> {
  let inputs
  try {
    inputs = readSamplingInputs(ctx.args.flags)
  } catch (err) {
    ctx.io.err(`cli: ${(err as Error).message}`)
    return EXIT_ERROR
  }
  const { engine, report, knobs, overrides } = await ctx.openData()
  const analysis = { engine, report, knobs, scope: {}, overrideGates: overrides }
  const computation = await computeSampling(analysis, inputs)
  const emit = typeof ctx.args.flags['emit-sample'] === 'string' ? path.resolve(ctx.args.flags['emit-sample']) : null
  const files = await samplingFiles(analysis, computation, { generatedAt: new Date(), appVersion: appVersion(), withSample: emit !== null })
  const outDir = path.resolve(String(ctx.args.flags.out))
  fs.mkdirSync(outDir, { recursive: true })
  for (const f of files) {
    if (f.name === SAMPLING_FILES.sample) continue
    writeFileAtomic(path.join(outDir, f.name), f.content)
  }
  const r = computation.result
  ctx.io.out(`wrote ${files.length - (emit ? 1 : 0)} sampling files to ${outDir}`)
  if (emit) {
    fs.mkdirSync(emit, { recursive: true })
    writeFileAtomic(path.join(emit, SAMPLING_FILES.sample), files.find((f) => f.name === SAMPLING_FILES.sample)!.content)
    ctx.io.out(`wrote ${r.projection.total.sampled_rows} sampled interactions (of ${r.projection.total.rows}) with sample_rate to ${path.join(emit, SAMPLING_FILES.sample)}`)
  }
  ctx.io.out(r.policy.feasibility.message)
  const boost = r.rules.find((x) => x.kind === 'boost')?.boost
  if (boost?.enabled) {
    const where = boost.targets.map((t) => (t.dimension === 'all' ? t.date : `${t.date} ${t.dimension}=${t.value}`))
    ctx.io.out(`boost: x${boost.factor} on ${boost.days} day(s)${where.length ? `: ${where.slice(0, 8).join(', ')}${where.length > 8 ? `, and ${where.length - 8} more` : ''}` : ' (nothing flagged)'}`)
    if (boost.detector_error) ctx.io.err(`cli: the anomaly detector could not run (${boost.detector_error}); only the days named in --sampling-inputs are boosted`)
  }
  ctx.io.out(`backtest: ${r.backtest.summary.verdict}, ${r.backtest.summary.within_2se} of ${r.backtest.summary.checked} estimates within 2 standard errors`)
  if (!r.policy.feasibility.budget_met) ctx.io.err('cli: the budget is not met: failures alone need more than it (the policy never drops a failure)')
  if (report.blocked) ctx.io.err(`cli: integrity gates failed for this data (${report.gates_failed.join(', ')}); the policy describes the data as loaded`)
  return EXIT_OK
}
