/** A small panel-header button that exports files the one way (api/exportFiles: desktop save dialog or browser download), with a busy state and the outcome or error next to it. */
import { useState, type ReactElement, type RefObject } from 'react'
import { exportFiles, pngFile, type ExportFile } from '../api/exportFiles'
import type { ChartHandle } from './Chart'
import { CHART_EXPORT_BACKGROUND } from './chartThemes'
import type { ThemeName } from '../lib/theme'

export interface ExportButtonProps {
  label: string
  /** what the button saves (called on click; may compute on the backend) */
  files: () => ExportFile[] | Promise<ExportFile[]>
  /** true in the desktop app, where a native save dialog is shown */
  canPickFiles: boolean
  title?: string
  /** text while `files` runs */
  busyLabel?: string
  disabled?: boolean
  testId?: string
}

/** The chart of `ref` as a 2x PNG on the theme's panel background; throws when the chart is not mounted. */
export function chartPngFile(ref: RefObject<ChartHandle | null>, name: string, theme: ThemeName): ExportFile {
  const chart = ref.current?.getInstance()
  if (!chart) throw new Error('the chart is not drawn yet')
  return pngFile(name, chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: CHART_EXPORT_BACKGROUND[theme], excludeComponents: ['toolbox', 'dataZoom'] }))
}

export function ExportButton({ label, files, canPickFiles, title, busyLabel, disabled, testId }: ExportButtonProps): ReactElement {
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null)
  const run = async (): Promise<void> => {
    setBusy(true)
    setOutcome(null)
    try {
      const r = await exportFiles(await files(), canPickFiles)
      if (r.via === 'dialog') setOutcome({ ok: true, text: r.location ? `Saved to ${r.location}` : 'Saved' })
    } catch (err) {
      setOutcome({ ok: false, text: `Export failed: ${err instanceof Error ? err.message : String(err)}` })
    } finally {
      setBusy(false)
    }
  }
  return (
    <span className="export-button">
      <button type="button" className="btn btn--xs btn--ghost" title={title} disabled={disabled || busy} onClick={() => void run()} data-testid={testId}>
        {busy ? (busyLabel ?? `${label}…`) : label}
      </button>
      {outcome && (
        <span className={outcome.ok ? 'good-text' : 'bad-text'} role={outcome.ok ? 'status' : 'alert'} style={{ fontSize: 11.5, marginLeft: 6 }}>
          {outcome.text}
        </span>
      )}
    </span>
  )
}
