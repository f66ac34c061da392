/** `analyze`: writes every artifact of PIPELINE.md section 10; exit 2 when a stop-ship gate blocks the decision. */
import path from 'node:path'
import { runAnalyze } from '../artifacts/analyze'
import { EXIT_OK, EXIT_STOP_SHIP, type CommandContext } from './types'

export async function run(ctx: CommandContext): Promise<number> {
  const { engine, report, knobs, overrides, timing } = await ctx.openData()
  const outDir = path.resolve(String(ctx.args.flags.out))
  const result = await runAnalyze({ engine, report, knobs, outDir, overrideGates: overrides, io: ctx.io, onProgress: timing && ((phase) => timing(`analyze: ${phase}`)) })
  timing?.('analyze: written')
  return result.blocked ? EXIT_STOP_SHIP : EXIT_OK
}
