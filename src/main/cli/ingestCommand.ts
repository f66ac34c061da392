/** `ingest`: prints the integrity report (text or JSON); exit 2 when a stop-ship gate failed. */
import { formatIntegrityReport } from '../artifacts/integrityText'
import { EXIT_OK, EXIT_STOP_SHIP, type CommandContext } from './types'

export async function run(ctx: CommandContext): Promise<number> {
  // The text report shows no SHA-256: only the JSON one needs the files hashed.
  const { report, timing } = await ctx.openData({ hash: ctx.args.flags.json === true })
  ctx.io.out(ctx.args.flags.json ? JSON.stringify(report, null, 2) : formatIntegrityReport(report))
  timing?.('ingest: printed')
  return report.blocked ? EXIT_STOP_SHIP : EXIT_OK
}
