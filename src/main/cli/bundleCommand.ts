/** `bundle`: writes the data (zstd Parquet), its integrity report and the workspace into one file that `--data FILE` opens anywhere. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ColumnRef } from '../../shared/workspaceApi'
import { AnnotationStore } from '../workspace/annotationStore'
import { bundleTables, writeBundle } from '../workspace/bundleWriter'
import { sourcesFromReport } from '../workspace/relink'
import { freeTextColumns } from '../workspace/textMasking'
import { createPiiTextMasker } from '../pii/bundleMasker'
import { composeWorkspaceDoc, emptyUi, emptyWorkspaceDoc, portablePrivacy, portableSources } from '../workspace/workspaceDoc'
import { serialiseWorkspace } from '../workspace/workspaceFormat'
import { appVersion } from '../backend/version'
import { EXIT_OK, type CommandContext } from './types'

export async function run(ctx: CommandContext): Promise<number> {
  const { engine, report, knobs, overrides, workspace } = await ctx.openData()
  const out = path.resolve(String(ctx.args.flags.out))
  const textCols: ColumnRef[] = []
  if (ctx.args.flags['mask-text'] || ctx.args.flags['drop-text']) {
    for (const t of await bundleTables(engine)) {
      for (const c of await freeTextColumns(engine, t.table, t.columns)) textCols.push({ table: t.table, column: c })
    }
  }
  const base = workspace ?? emptyWorkspaceDoc()
  const annotations = new AnnotationStore(base.annotations)
  const doc = composeWorkspaceDoc(base, {
    demo: false,
    sources: portableSources(sourcesFromReport(report, null)),
    knobs,
    gateOverrides: overrides,
    priceTable: base.price_table,
    privacy: portablePrivacy(base.privacy),
    ui: workspace?.ui ?? emptyUi(),
    annotations: annotations.all(),
    policyVersions: base.policy_versions
  })
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'twb-bundle-'))
  try {
    const written = await writeBundle({
      engine,
      file: out,
      stagingDir: staging,
      report,
      reportKnobs: knobs,
      workspaceJson: serialiseWorkspace(doc, { savedAt: new Date().toISOString(), appVersion: appVersion() }),
      annotationsJsonl: annotations.toJsonl(),
      drop: ctx.args.flags['drop-text'] ? textCols : [],
      mask: ctx.args.flags['drop-text'] ? [] : textCols,
      // only the PII found is replaced, by type tags (docs/pii.md)
      masker: createPiiTextMasker(() => ({ mode: 'tags' }))
    })
    const inputBytes = Object.values(report.tables).reduce((s, t) => s + (t?.bytes ?? 0), 0)
    ctx.io.out(`wrote ${written.path}: ${written.bytes} bytes (${inputBytes ? (written.bytes / inputBytes).toFixed(3) : '?'}x the CSVs), sha256 ${written.sha256}`)
    ctx.io.out(`tables: ${Object.entries(written.tables).map(([t, n]) => `${t} ${n}`).join(', ')}`)
    if (textCols.length) ctx.io.out(`${ctx.args.flags['drop-text'] ? 'dropped' : 'masked'} text columns: ${textCols.map((c) => `${c.table}.${c.column}`).join(', ')}`)
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
  return EXIT_OK
}
