/** Headless CLI over the same backend: `ingest` prints the integrity report, `analyze` writes every artifact. Exit 0 ok, 2 stop-ship, 1 error. */
import fs from 'node:fs'
import path from 'node:path'
import { validateKnobs, type Knobs } from '../shared/knobs'
import type { IntegrityReport } from '../shared/types'
import { demoDataDir } from './backend/paths'
import { toErrorShape } from './backend/errors'
import { parseArgs, UsageError } from './cliArgs'
import { createEngine, type EngineKind } from './engine/engine'
import { ingestFiles } from './ingest/ingest'
import { runAnalyze } from './artifacts/analyze'
import { formatIntegrityReport } from './artifacts/integrityText'

const SPECS = {
  data: { value: true, description: 'folder or CSV file(s) to read (default: the bundled demo data)' },
  out: { value: true, description: 'analyze: folder to write the artifacts into' },
  knobs: { value: true, description: 'JSON file of operator knobs (PIPELINE.md section 11)' },
  engine: { value: true, description: 'native (default) or wasm' },
  json: { value: false, description: 'ingest: print the report as JSON' },
  override: { value: true, description: 'analyze: comma-separated gate names to override (recorded in the decision artifact)' },
  help: { value: false, description: 'show this help' }
}

const USAGE = `usage:
  npm run cli -- ingest  [--data DIR] [--json] [--knobs FILE] [--engine native|wasm]
  npm run cli -- analyze [--data DIR] --out DIR [--knobs FILE] [--engine native|wasm] [--override GATE,...]
exit codes: 0 ok, 2 a stop-ship gate failed, 1 error`

export const EXIT_OK = 0
export const EXIT_ERROR = 1
export const EXIT_STOP_SHIP = 2

interface Io {
  out: (s: string) => void
  err: (s: string) => void
}

function readKnobs(file: string | undefined): Knobs {
  if (!file) return validateKnobsOrThrow(undefined)
  let raw: unknown
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (err) {
    throw new UsageError(`--knobs ${file}: ${(err as Error).message}`)
  }
  return validateKnobsOrThrow(raw, file)
}

function validateKnobsOrThrow(raw: unknown, file?: string): Knobs {
  const r = validateKnobs(raw)
  if (!r.ok) throw new UsageError(`${file ? `--knobs ${file}` : 'knobs'}: ${r.errors.join('; ')}`)
  return r.knobs
}

/** Runs the CLI; returns the exit code (never calls process.exit, so tests can drive it). */
export async function runCli(argv: readonly string[], io: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') }): Promise<number> {
  let args
  try {
    args = parseArgs(argv, SPECS)
    if (args.flags.help || !args.command) {
      io.out(USAGE)
      return args.flags.help ? EXIT_OK : EXIT_ERROR
    }
    if (args.command !== 'ingest' && args.command !== 'analyze') throw new UsageError(`unknown command ${args.command}`)
    if (args.flags.engine !== undefined && args.flags.engine !== 'native' && args.flags.engine !== 'wasm') throw new UsageError('--engine must be native or wasm')
    if (args.command === 'analyze' && typeof args.flags.out !== 'string') throw new UsageError('analyze needs --out DIR')
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`cli: ${err.message}\n${USAGE}`)
      return EXIT_ERROR
    }
    throw err
  }
  const dataPaths = typeof args.flags.data === 'string' ? [args.flags.data, ...args.positional] : [demoDataDir()]
  const kind: EngineKind = args.flags.engine === 'wasm' ? 'wasm' : 'native'
  let knobs: Knobs
  try {
    knobs = readKnobs(typeof args.flags.knobs === 'string' ? args.flags.knobs : undefined)
  } catch (err) {
    io.err(`cli: ${(err as Error).message}`)
    return EXIT_ERROR
  }
  const { engine, fallbackReason } = await createEngine(kind)
  if (fallbackReason) io.err(`cli: ${fallbackReason}`)
  try {
    const report: IntegrityReport = await ingestFiles(engine, dataPaths, knobs)
    if (args.command === 'ingest') {
      io.out(args.flags.json ? JSON.stringify(report, null, 2) : formatIntegrityReport(report))
      return report.blocked ? EXIT_STOP_SHIP : EXIT_OK
    }
    const overrides = typeof args.flags.override === 'string' ? args.flags.override.split(',').map((s) => s.trim()).filter(Boolean) : []
    const outDir = path.resolve(String(args.flags.out))
    const result = await runAnalyze({ engine, report, knobs, outDir, overrideGates: overrides, io })
    return result.blocked ? EXIT_STOP_SHIP : EXIT_OK
  } catch (err) {
    const shape = toErrorShape(err)
    io.err(`cli: ${shape.message}`)
    for (const d of shape.details ?? []) io.err(`  - ${d}`)
    return EXIT_ERROR
  } finally {
    await engine.close().catch(() => undefined)
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => process.exit(code))
}
