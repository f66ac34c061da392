/** The echarts themes matching the app's light and dark CSS palettes, and semantic colours readable on both. */
import type { ThemeName } from '../lib/theme'

/** Colours with a meaning (good/bad/warn), chosen to read on both backgrounds; option builders may use them. */
export const SEMANTIC_COLORS = {
  good: '#2f9e6e',
  warn: '#d9962b',
  bad: '#e5484d',
  neutral: '#8b93a1',
  accent: '#4c7cf0'
} as const

const FONT = 'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif'

interface Palette {
  text: string
  muted: string
  axis: string
  grid: string
  tooltipBg: string
  tooltipBorder: string
  series: string[]
}

const LIGHT: Palette = {
  text: '#1d2330',
  muted: '#5d6678',
  axis: '#c9ced8',
  grid: '#eceef3',
  tooltipBg: '#ffffff',
  tooltipBorder: '#d7dbe3',
  series: ['#4c7cf0', '#e8833a', '#2fa37a', '#d0508a', '#8661d8', '#c9a227', '#3aa7c9', '#7f8794']
}

const DARK: Palette = {
  text: '#e3e6ec',
  muted: '#9aa3b2',
  axis: '#3a404c',
  grid: '#262a33',
  tooltipBg: '#1c2028',
  tooltipBorder: '#363c48',
  series: ['#6f98ff', '#f39a55', '#45c08f', '#e874a6', '#a387f0', '#e0bd4a', '#5cc2e2', '#a2aab6']
}

function axis(p: Palette, splitLine: boolean): Record<string, unknown> {
  return {
    axisLine: { show: true, lineStyle: { color: p.axis } },
    axisTick: { show: false, lineStyle: { color: p.axis } },
    axisLabel: { color: p.muted, fontSize: 11 },
    splitLine: { show: splitLine, lineStyle: { color: p.grid } },
    nameTextStyle: { color: p.muted, fontSize: 11 }
  }
}

function theme(p: Palette): Record<string, unknown> {
  return {
    color: p.series,
    backgroundColor: 'transparent',
    textStyle: { color: p.text, fontFamily: FONT, fontSize: 12 },
    title: { textStyle: { color: p.text, fontSize: 13, fontWeight: 600 }, subtextStyle: { color: p.muted } },
    legend: { textStyle: { color: p.muted, fontSize: 11 }, pageTextStyle: { color: p.muted } },
    tooltip: {
      backgroundColor: p.tooltipBg,
      borderColor: p.tooltipBorder,
      borderWidth: 1,
      textStyle: { color: p.text, fontSize: 12 },
      extraCssText: 'box-shadow: 0 4px 14px rgba(0,0,0,0.18); border-radius: 6px;'
    },
    categoryAxis: axis(p, false),
    valueAxis: axis(p, true),
    timeAxis: axis(p, true),
    logAxis: axis(p, true),
    dataZoom: { textStyle: { color: p.muted }, borderColor: p.axis },
    visualMap: { textStyle: { color: p.muted } },
    bar: { label: { color: p.muted, textBorderWidth: 0 } },
    line: { label: { color: p.muted, textBorderWidth: 0 } },
    scatter: { label: { color: p.muted, textBorderWidth: 0 } }
  }
}

/** Theme name per app theme, as registered with echarts. */
export const CHART_THEME_NAME: Record<ThemeName, string> = { light: 'workbench-light', dark: 'workbench-dark' }

export const CHART_THEMES: Record<string, Record<string, unknown>> = {
  [CHART_THEME_NAME.light]: theme(LIGHT),
  [CHART_THEME_NAME.dark]: theme(DARK)
}

/** The panel background per theme: PNG exports are drawn on it (a transparent PNG is unreadable in most viewers). */
export const CHART_EXPORT_BACKGROUND: Record<ThemeName, string> = { light: '#ffffff', dark: '#161a21' }
