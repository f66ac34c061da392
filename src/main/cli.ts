/**
 * Headless CLI over the same backend: one command per report (see cli/commands.ts). Exit 0 ok, 2
 * stop-ship, 1 error. Built to plain JavaScript (scripts/buildCli.js) and started by scripts/cli.js;
 * everything beyond the argument parser and the registry is loaded only when a command runs, so
 * `--help` stays light (no DuckDB, no zod, no analysis code).
 */
import fs from 'node:fs'
import type { Knobs } from '../shared/knobs'
import { demoDataDir } from './backend/paths'
import { parseArgs, UsageError, type FlagSpec, type ParsedArgs } from './cliArgs'
import { COMMANDS, COMMON_FLAGS, findCommand } from './cli/commands'
import { EXIT_ERROR, EXIT_OK, type CliCommand, type Io, type OpenedData } from './cli/types'
import type { Engine, EngineKind } from './engine/engine'

export { EXIT_ERROR, EXIT_OK, EXIT_STOP_SHIP } from './cli/types'

/** DuckDB's memory limit in the CLI; the rest spills to disk. */
const CLI_MEMORY_LIMIT = '3GB'

type KnobsModule = typeof import('../shared/knobs')

/** Every flag any command knows, so the parser can tell a flag's value from the command name. */
function allFlags(): Record<string, FlagSpec> {
  const all: Record<string, FlagSpec> = { ...COMMON_FLAGS }
  for (const c of COMMANDS) Object.assign(all, c.flags)
  return all
}

/** `--help`: every command with one line each, then the common flags. */
export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  const lines = ['usage: npm run cli -- COMMAND [options]', '', 'commands:']
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(width)}  ${c.summary}`)
  lines.push('', 'options of each command:')
  for (const c of COMMANDS) lines.push(`  ${c.name} ${c.usage}`)
  lines.push('', 'common options:')
  for (const [name, spec] of Object.entries(COMMON_FLAGS)) lines.push(`  --${(name + (spec.value ? ' VALUE' : '')).padEnd(16)}  ${spec.description}`)
  lines.push('', 'exit codes: 0 ok, 2 a stop-ship gate failed, 1 error')
  return lines.join('\n')
}

/** The --knobs file as given (a partial knob set; validated once the other knob sources are known). */
function readKnobsFile(file: string | undefined): Record<string, unknown> {
  if (!file) return {}
  let raw: unknown
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (err) {
    throw new UsageError(`--knobs ${file}: ${(err as Error).message}`)
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`--knobs ${file}: knobs must be a JSON object of NAME: number`)
  return raw as Record<string, unknown>
}

/** Knobs from, in rising precedence: the defaults, a bundle's or workspace's own knobs, the --knobs file. */
function mergeKnobs(k: KnobsModule, base: Record<string, unknown> | null, fromFile: Record<string, unknown>, file: string | undefined, baseLabel: string): Knobs {
  const r = k.validateKnobs({ ...(base ?? {}), ...fromFile })
  if (!r.ok) throw new UsageError(`${file ? `--knobs ${file}` : baseLabel}: ${r.errors.join('; ')}`)
  return r.knobs
}

function checkCommandFlags(command: CliCommand, args: ParsedArgs): void {
  for (const name of Object.keys(args.flags)) {
    if (!(name in COMMON_FLAGS) && !(command.flags && name in command.flags)) throw new UsageError(`${command.name} does not take --${name}`)
  }
  for (const name of command.required ?? []) {
    if (typeof args.flags[name] !== 'string') throw new UsageError(`${command.name} needs --${name}`)
  }
  const engine = args.flags.engine
  if (engine !== undefined && engine !== 'native' && engine !== 'wasm') throw new UsageError('--engine must be native or wasm')
}

/**
 * With WORKBENCH_TIMING=1 in the environment, a function that writes each new phase to stderr
 * with the wall and process CPU milliseconds since the start (for benchmarks); otherwise undefined.
 */
function phaseTimer(io: Io): ((phase: string) => void) | undefined {
  if (process.env.WORKBENCH_TIMING !== '1') return undefined
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  let last = ''
  return (phase) => {
    if (phase === last) return
    last = phase
    const c = process.cpuUsage(c0)
    io.err(`timing ${(performance.now() - t0).toFixed(0).padStart(7)} ms wall ${((c.user + c.system) / 1000).toFixed(0).padStart(7)} ms cpu  ${phase}`)
  }
}

/** How the CLI is run: `exiting` when the process ends right after (the launcher), not when a test drives it. */
export interface RunCliOptions {
  /**
   * The process exits once runCli returns: its in-memory DuckDB is left to the exit instead of
   * being closed (closing frees the loaded tables block by block, ~0.5 s on 1M rows; nothing of an
   * in-memory database needs flushing). The spill folder is removed either way.
   */
  exiting?: boolean
}

/** Runs the CLI; returns the exit code (never calls process.exit, so tests can drive it). */
export async function runCli(
  argv: readonly string[],
  io: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') },
  options: RunCliOptions = {}
): Promise<number> {
  let args: ParsedArgs
  let command: CliCommand | undefined
  let knobFile: Record<string, unknown>
  try {
    args = parseArgs(argv, allFlags())
    if (args.flags.help || !args.command) {
      io.out(usage())
      return args.flags.help ? EXIT_OK : EXIT_ERROR
    }
    command = findCommand(args.command)
    if (!command) throw new UsageError(`unknown command ${args.command}`)
    checkCommandFlags(command, args)
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`cli: ${err.message}\n\n${usage()}`)
      return EXIT_ERROR
    }
    throw err
  }
  const knobsPath = typeof args.flags.knobs === 'string' ? args.flags.knobs : undefined
  const knobsModule = await import('../shared/knobs')
  try {
    knobFile = readKnobsFile(knobsPath)
    mergeKnobs(knobsModule, null, knobFile, knobsPath, 'knobs')
  } catch (err) {
    io.err(`cli: ${(err as Error).message}`)
    return EXIT_ERROR
  }
  const flags = args.flags
  const engines: Engine[] = []
  const timing = phaseTimer(io)
  let spillDir: string | null = null
  const openData = async (options: { hash?: boolean } = {}): Promise<OpenedData> => {
    const [{ createEngine }, { openCliSources }, { openDataSources }, { runPiiResponseGate, scanResponsesWhileLoading }] = await Promise.all([
      import('./engine/engine'),
      import('./workspace/cliSources'),
      import('./workspace/openDataSources'),
      import('./pii/gate')
    ])
    const plan = await openCliSources({
      data: typeof flags.data === 'string' ? [flags.data, ...args.positional] : null,
      workspace: typeof flags.workspace === 'string' ? flags.workspace : null,
      demo: demoDataDir()
    })
    for (const note of plan.notes) io.err(`cli: ${note}`)
    const kind: EngineKind = flags.engine === 'wasm' ? 'wasm' : 'native'
    // DuckDB keeps to 3 GB and spills beyond it into a folder of this run's own (removed at the end),
    // so a 10M-row dump loads within ~4 GB of memory and never writes into the working directory.
    const { processSpillDir, removeStaleSpillDirs } = await import('./engine/spillDir')
    removeStaleSpillDirs()
    spillDir = processSpillDir()
    const { engine, fallbackReason } = await createEngine(kind, { memoryLimit: CLI_MEMORY_LIMIT, tempDirectory: spillDir })
    engines.push(engine)
    if (fallbackReason) io.err(`cli: ${fallbackReason}`)
    let embeddedOverrides: string[] = []
    const opened = await openDataSources(engine, plan.sources, {
      hash: options.hash,
      onProgress: (p) => timing?.(`ingest: ${p.phase}`),
      alongside: (conn, present) => scanResponsesWhileLoading(conn, present),
      resolveKnobs: (embedded) => {
        const own = embedded && !plan.workspace ? Object.entries(embedded).filter(([k, v]) => (knobsModule.DEFAULT_KNOBS as Record<string, unknown>)[k] !== v && !(k in knobFile)) : []
        if (own.length) io.err(`cli: using the bundle's own knobs ${own.map(([k, v]) => `${k}=${String(v)}`).join(', ')} (a --knobs file changes them)`)
        return mergeKnobs(knobsModule, plan.workspace?.doc.knobs ?? embedded, knobFile, knobsPath, plan.workspace ? `--workspace ${plan.workspace.path}` : 'the bundle\'s knobs')
      }
    })
    if (opened.bundle && !plan.workspace) embeddedOverrides = opened.bundle.workspace.doc.gate_overrides
    if (embeddedOverrides.length) io.err(`cli: using the bundle's gate overrides ${embeddedOverrides.join(', ')} (recorded in the decision artifact)`)
    const flagged = typeof flags.override === 'string' ? flags.override.split(',').map((s) => s.trim()).filter(Boolean) : []
    const overrides = [...new Set([...(plan.workspace?.doc.gate_overrides ?? embeddedOverrides), ...flagged])]
    const workspace = plan.workspace?.doc ?? opened.bundle?.workspace.doc ?? null
    // the pii_in_responses gate reads the responses right after the load (docs/pii.md: where the gate runs)
    timing?.('ingest: pii_in_responses gate')
    const report = await runPiiResponseGate(engine, opened.report, opened.knobs)
    timing?.('ingest: gates done')
    return { engine, report, knobs: opened.knobs, overrides, sources: plan.sources, workspace, timing }
  }
  try {
    const impl = await command.load()
    return await impl.run({ args, io, openData })
  } catch (err) {
    const { toErrorShape } = await import('./backend/errors')
    const shape = toErrorShape(err)
    io.err(`cli: ${shape.message}`)
    for (const d of shape.details ?? []) if (d !== shape.message) io.err(`  - ${d}`)
    return EXIT_ERROR
  } finally {
    if (!options.exiting) for (const e of engines) await e.close().catch(() => undefined)
    if (spillDir) fs.rmSync(spillDir, { recursive: true, force: true })
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), undefined, { exiting: true }).then((code) => process.exit(code))
}
