/** What every CLI command is given and returns: parsed flags, the output streams, and the dataset opened from the common flags. */
import type { Knobs } from '../../shared/knobs'
import type { IntegrityReport } from '../../shared/types'
import type { WorkspaceDoc } from '../../shared/workspace'
import type { ParsedArgs, FlagSpec } from '../cliArgs'
import type { Engine } from '../engine/engine'

export interface Io {
  out: (s: string) => void
  err: (s: string) => void
}

/** A dataset opened from `--data` (or the demo), with the knobs and overrides the flags give. */
export interface OpenedData {
  engine: Engine
  report: IntegrityReport
  knobs: Knobs
  /** gate names from --override */
  overrides: string[]
  /** the paths the data came from (what --data named, the workspace's sources, or the demo folder) */
  sources: string[]
  /** the workspace of --workspace, or the one inside a bundle (annotations, policy history, views) */
  workspace: WorkspaceDoc | null
  /** reports a phase with its timings when WORKBENCH_TIMING=1 (benchmarks) */
  timing?: (phase: string) => void
}

export interface CommandContext {
  args: ParsedArgs
  io: Io
  /**
   * reads --data (folders, CSVs or a bundle; else the demo), --workspace, --knobs, --engine and
   * --override; the engine is closed by the runner. `hash: false` skips the files' SHA-256 when the
   * command shows none of it.
   */
  openData(options?: { hash?: boolean }): Promise<OpenedData>
}

/** One CLI command: what `--help` says of it, which flags it takes beyond the common ones, and how it runs. */
export interface CliCommand {
  name: string
  /** one line for `--help` */
  summary: string
  /** the arguments after the command name, e.g. `[--data DIR] --out DIR [--k N]` */
  usage: string
  /** flags of this command only (the common flags are in COMMON_FLAGS) */
  flags?: Record<string, FlagSpec>
  /** flags that must be given, e.g. ['out'] */
  required?: string[]
  /** loaded only when the command runs, so `--help` and start-up stay light */
  load(): Promise<{ run(ctx: CommandContext): Promise<number> }>
}

export const EXIT_OK = 0
export const EXIT_ERROR = 1
export const EXIT_STOP_SHIP = 2
