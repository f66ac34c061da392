/** `pii`: scans every text column for PII and secrets, writes pii_findings.csv (and pii_summary.json), and with --mask-export a masked copy of the interactions CSV; exit 2 when the pii_in_responses gate (or another) blocks. */
import fs from 'node:fs'
import path from 'node:path'
import { PII_FINDINGS_FILE, piiFindingsCsv } from '../../shared/artifacts/piiArtifacts'
import { DEFAULT_PII_SETTINGS, PII_GATE } from '../../shared/pii'
import { piiFindingsForExport, piiSummary, scanStatus } from '../analysis/piiReport'
import { scanFields } from '../analysis/piiScan'
import { writeFileAtomic } from '../artifacts/analyze'
import { blockingGates } from '../artifacts/decisionArtifact'
import { presentFields, scanColumns, textColumns } from '../pii/columns'
import { writeMaskedCsv } from '../pii/maskTable'
import { EXIT_OK, EXIT_STOP_SHIP, type CommandContext } from './types'

export async function run(ctx: CommandContext): Promise<number> {
  const { engine, report, overrides } = await ctx.openData()
  const outDir = path.resolve(String(ctx.args.flags.out))
  const cols = await textColumns(engine, report)
  const fields = scanColumns(cols, DEFAULT_PII_SETTINGS)
  const scan = await scanFields(engine, fields)
  const findings = await piiFindingsForExport(engine, {}, fields)
  const status = await scanStatus(engine, fields)
  const summary = await piiSummary(engine, {}, status)
  fs.mkdirSync(outDir, { recursive: true })
  writeFileAtomic(path.join(outDir, PII_FINDINGS_FILE), piiFindingsCsv(findings))
  const gate = report.gates.find((g) => g.gate === PII_GATE)
  const summaryJson = {
    scanned_fields: fields,
    rows: summary.interactions,
    findings: summary.findings,
    rows_with_findings: summary.rows_with_findings,
    responses: summary.responses,
    responses_with_findings: summary.responses_with_findings,
    by_type: summary.by_type,
    by_field: summary.by_field,
    gate: gate ?? null,
    offsets: 'Unicode code points of the field text as loaded, end exclusive'
  }
  writeFileAtomic(path.join(outDir, 'pii_summary.json'), JSON.stringify(summaryJson, null, 2) + '\n')
  ctx.io.out(`scanned ${fields.join(', ') || '(no text column)'}: ${findings.length} finding(s) in ${summary.rows_with_findings} interaction(s) (${scan.candidates} candidate texts) -> ${path.join(outDir, PII_FINDINGS_FILE)}`)
  const maskExport = ctx.args.flags['mask-export']
  if (typeof maskExport === 'string') {
    const source = report.tables.interactions!
    // the columns scanned, named as the source file names them
    const present = presentFields(report)
    const sourceNames = fields.map((f) => source.column_mapping[f] ?? (present.has(f) ? source.source_columns.find((c) => c.trim().toLowerCase() === f) ?? f : f))
    const r = await writeMaskedCsv(engine, { input: source.path, output: maskExport, columns: sourceNames, mask: { mode: 'tags' } })
    ctx.io.out(`wrote a masked copy of ${source.file} to ${path.resolve(maskExport)}: ${r.rows} rows, ${r.maskedCells} text cell(s) masked${r.rejected ? `, ${r.rejected} line(s) the CSV reader rejects left out` : ''}`)
  }
  const blocking = blockingGates(report, overrides)
  if (gate?.status === 'fail') ctx.io.err(`${PII_GATE}: ${gate.detail}`)
  if (blocking.length) {
    ctx.io.err(`STOP-SHIP: failed gate(s) ${blocking.join(', ')}`)
    return EXIT_STOP_SHIP
  }
  return EXIT_OK
}
