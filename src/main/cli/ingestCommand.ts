/** `ingest`: prints the integrity report (text or JSON); exit 2 when a stop-ship gate failed. */
import { formatIntegrityReport } from '../artifacts/integrityText'
import { EXIT_OK, EXIT_STOP_SHIP, type CommandContext } from './types'

export async function run(ctx: CommandContext): Promise<number> {
  const { report, timing } = await ctx.openData()
  ctx.io.out(ctx.args.flags.json ? JSON.stringify(report, null, 2) : formatIntegrityReport(report))
  timing?.('ingest: printed')
  return report.blocked ? EXIT_STOP_SHIP : EXIT_OK
}
