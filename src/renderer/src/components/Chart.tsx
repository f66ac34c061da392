/** The one chart wrapper: owns a single echarts instance (init on mount, setOption on change, resize with its box, dispose on unmount), follows the theme and forwards clicks; ChartPanel exports it as PNG. */
import { useEffect, useImperativeHandle, useRef, type CSSProperties, type ReactElement, type Ref } from 'react'
import { CHART_THEME_NAME } from './chartThemes'
import { echarts, type ECElementEvent, type EChartsOption, type EChartsType } from './echarts'
import { useTheme } from './ThemeProvider'

export interface ChartHandle {
  /** the live instance, null before mount and after unmount */
  getInstance(): EChartsType | null
}

export interface ChartProps {
  /** a pure builder's output; a new object triggers setOption */
  option: EChartsOption
  /** describes the chart for screen readers (the canvas itself says nothing) */
  ariaLabel: string
  height?: number | string
  /** called with echarts' event params when a series item is clicked */
  onItemClick?: (params: ECElementEvent) => void
  /** true replaces the whole option on change (default); false merges */
  notMerge?: boolean
  className?: string
  style?: CSSProperties
  testId?: string
  ref?: Ref<ChartHandle>
}

export function Chart({ option, ariaLabel, height = 260, onItemClick, notMerge = true, className, style, testId, ref }: ChartProps): ReactElement {
  const { theme } = useTheme()
  const boxRef = useRef<HTMLDivElement>(null)
  const chartRef = useRef<EChartsType | null>(null)
  const onClickRef = useRef(onItemClick)
  onClickRef.current = onItemClick
  const themeRef = useRef(theme)
  themeRef.current = theme
  const optionRef = useRef(option)
  optionRef.current = option

  // Mount: one instance for the component's lifetime; the listeners read refs, so re-renders never rebind them.
  useEffect(() => {
    const el = boxRef.current
    if (!el) return
    const chart = echarts.init(el, CHART_THEME_NAME[themeRef.current], { renderer: 'canvas' })
    chartRef.current = chart
    chart.setOption(optionRef.current, { notMerge: true })
    const handleClick = (params: unknown): void => onClickRef.current?.(params as ECElementEvent)
    chart.on('click', handleClick)
    let frame = 0
    const ro =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            cancelAnimationFrame(frame)
            frame = requestAnimationFrame(() => {
              if (!chart.isDisposed()) chart.resize()
            })
          })
    ro?.observe(el)
    return () => {
      cancelAnimationFrame(frame)
      ro?.disconnect()
      chart.off('click', handleClick)
      chart.dispose()
      chartRef.current = null
    }
  }, [])

  const mountedTheme = useRef(theme)
  useEffect(() => {
    const chart = chartRef.current
    if (!chart || mountedTheme.current === theme) return
    mountedTheme.current = theme
    chart.setTheme(CHART_THEME_NAME[theme])
  }, [theme])

  const firstOption = useRef(true)
  useEffect(() => {
    // the mount effect already applied the first option
    if (firstOption.current) {
      firstOption.current = false
      return
    }
    // New data appears at once: an update animation would redraw every chart on the page for
    // 300 ms, competing for the CPU with the next answers (the first draw still animates).
    chartRef.current?.setOption(option.animation === undefined ? { ...option, animation: false } : option, { notMerge })
  }, [option, notMerge])

  useImperativeHandle(ref, () => ({ getInstance: () => chartRef.current }), [])

  return (
    <div className={`chart ${className ?? ''}`} style={style}>
      <div ref={boxRef} className="chart__canvas" role="img" aria-label={ariaLabel} data-testid={testId} style={{ height, width: '100%' }} />
    </div>
  )
}
