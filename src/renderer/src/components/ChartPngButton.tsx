/** A small "PNG" action for a chart: renders the chart at 2x on the theme's panel background and saves it through api/exportFiles (dialog on the desktop, download in web mode). */
import type { ReactElement, RefObject } from 'react'
import { exportFiles, pngFile } from '../api/exportFiles'
import { CHART_EXPORT_BACKGROUND } from './chartThemes'
import type { ChartHandle } from './Chart'
import { useTheme } from './ThemeProvider'

export interface ChartPngButtonProps {
  chart: RefObject<ChartHandle | null>
  /** file name without extension */
  name: string
  canPickFiles: boolean
}

export function ChartPngButton({ chart, name, canPickFiles }: ChartPngButtonProps): ReactElement {
  const { theme } = useTheme()
  return (
    <button
      type="button"
      className="btn btn--xs btn--ghost"
      title="Save this chart as PNG"
      onClick={() => {
        const c = chart.current?.getInstance()
        if (!c) return
        const url = c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: CHART_EXPORT_BACKGROUND[theme], excludeComponents: ['toolbox', 'dataZoom'] })
        void exportFiles([pngFile(name, url)], canPickFiles)
      }}
    >
      PNG
    </button>
  )
}
