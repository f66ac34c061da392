// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react'
import { createRef } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Chart, type ChartHandle } from './Chart'
import { ThemeProvider, useTheme } from './ThemeProvider'

interface FakeChart {
  el: HTMLElement
  theme: string
  setOption: ReturnType<typeof vi.fn>
  setTheme: ReturnType<typeof vi.fn>
  resize: ReturnType<typeof vi.fn>
  dispose: ReturnType<typeof vi.fn>
  isDisposed: () => boolean
  on: ReturnType<typeof vi.fn>
  off: ReturnType<typeof vi.fn>
  getDataURL: ReturnType<typeof vi.fn>
  handlers: Map<string, Set<(p: unknown) => void>>
  disposed: boolean
}

const instances: FakeChart[] = []

vi.mock('./echarts', () => ({
  echarts: {
    init: vi.fn((el: HTMLElement, theme: string) => {
      const handlers = new Map<string, Set<(p: unknown) => void>>()
      const chart: FakeChart = {
        el,
        theme,
        handlers,
        disposed: false,
        setOption: vi.fn(),
        setTheme: vi.fn(),
        resize: vi.fn(),
        dispose: vi.fn(() => {
          chart.disposed = true
        }),
        isDisposed: () => chart.disposed,
        on: vi.fn((name: string, h: (p: unknown) => void) => {
          if (!handlers.has(name)) handlers.set(name, new Set())
          handlers.get(name)!.add(h)
        }),
        off: vi.fn((name: string, h: (p: unknown) => void) => handlers.get(name)?.delete(h)),
        getDataURL: vi.fn(() => 'data:image/png;base64,AAAA')
      }
      instances.push(chart)
      return chart
    })
  }
}))

class FakeResizeObserver {
  static live = 0
  static created = 0
  static last: FakeResizeObserver | null = null
  callback: ResizeObserverCallback
  connected = false
  constructor(cb: ResizeObserverCallback) {
    this.callback = cb
    FakeResizeObserver.created++
    FakeResizeObserver.last = this
  }
  observe(): void {
    if (!this.connected) FakeResizeObserver.live++
    this.connected = true
  }
  unobserve(): void {}
  disconnect(): void {
    if (this.connected) FakeResizeObserver.live--
    this.connected = false
  }
}

beforeEach(() => {
  instances.length = 0
  FakeResizeObserver.live = 0
  FakeResizeObserver.created = 0
  vi.stubGlobal('ResizeObserver', FakeResizeObserver)
})
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const live = (): FakeChart[] => instances.filter((c) => !c.disposed)
const listenerCount = (c: FakeChart): number => [...c.handlers.values()].reduce((n, s) => n + s.size, 0)

describe('Chart', () => {
  it('creates one instance on mount and disposes it on unmount', () => {
    const { unmount } = render(<Chart option={{ series: [] }} ariaLabel="test chart" />)
    expect(instances).toHaveLength(1)
    expect(instances[0].setOption).toHaveBeenCalledWith({ series: [] }, { notMerge: true })
    expect(FakeResizeObserver.live).toBe(1)
    unmount()
    expect(instances[0].dispose).toHaveBeenCalledTimes(1)
    expect(live()).toHaveLength(0)
    expect(FakeResizeObserver.live).toBe(0)
    expect(listenerCount(instances[0])).toBe(0)
  })

  it('does not leak instances, observers or listeners over 50 re-renders', () => {
    const onClick = vi.fn()
    const { rerender, unmount } = render(<Chart option={{ series: [{ type: 'bar', data: [0] }] }} ariaLabel="c" onItemClick={onClick} />)
    for (let i = 1; i <= 50; i++) {
      rerender(<Chart option={{ series: [{ type: 'bar', data: [i] }] }} ariaLabel="c" onItemClick={() => onClick(i)} />)
    }
    expect(instances).toHaveLength(1)
    expect(live()).toHaveLength(1)
    expect(FakeResizeObserver.created).toBe(1)
    expect(FakeResizeObserver.live).toBe(1)
    expect(listenerCount(instances[0])).toBe(1)
    // 1 on mount + 50 updates, the last with the last data
    expect(instances[0].setOption).toHaveBeenCalledTimes(51)
    // updates draw at once (no animation) unless the option says otherwise
    expect(instances[0].setOption).toHaveBeenLastCalledWith({ series: [{ type: 'bar', data: [50] }], animation: false }, { notMerge: true })
    expect(instances[0].setOption).toHaveBeenNthCalledWith(1, { series: [{ type: 'bar', data: [0] }] }, { notMerge: true })
    // the click handler bound once still reaches the latest callback
    for (const h of instances[0].handlers.get('click')!) h({ name: 'x' })
    expect(onClick).toHaveBeenLastCalledWith(50)
    unmount()
    expect(live()).toHaveLength(0)
    expect(FakeResizeObserver.live).toBe(0)
  })

  it('leaves no live instance after 50 mount/unmount cycles', () => {
    for (let i = 0; i < 50; i++) {
      const { unmount } = render(<Chart option={{}} ariaLabel="c" />)
      unmount()
    }
    expect(instances).toHaveLength(50)
    expect(live()).toHaveLength(0)
    expect(FakeResizeObserver.live).toBe(0)
  })

  it('does not call setOption when re-rendered with the same option object', () => {
    const option = { series: [] }
    const { rerender } = render(<Chart option={option} ariaLabel="c" />)
    for (let i = 0; i < 10; i++) rerender(<Chart option={option} ariaLabel="c" />)
    expect(instances[0].setOption).toHaveBeenCalledTimes(1)
  })

  it('follows the theme without re-creating the instance', () => {
    let toggle = (): void => undefined
    function Toggle(): null {
      toggle = useTheme().toggleTheme
      return null
    }
    window.localStorage.setItem('workbench.theme', 'light')
    render(
      <ThemeProvider>
        <Toggle />
        <Chart option={{}} ariaLabel="c" />
      </ThemeProvider>
    )
    expect(instances[0].theme).toBe('workbench-light')
    act(() => toggle())
    expect(instances).toHaveLength(1)
    expect(instances[0].setTheme).toHaveBeenCalledWith('workbench-dark')
    expect(window.localStorage.getItem('workbench.theme')).toBe('dark')
  })

  it('resizes with its box and hands out its instance', () => {
    const raf = vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => {
      cb(0)
      return 1
    })
    const ref = createRef<ChartHandle>()
    render(<Chart ref={ref} option={{}} ariaLabel="Failure mix" />)
    expect(screen.getByRole('img', { name: 'Failure mix' })).toBeTruthy()
    const observer = FakeResizeObserver.last!
    observer.callback([], observer as unknown as ResizeObserver)
    expect(instances[0].resize).toHaveBeenCalledTimes(1)
    expect(ref.current!.getInstance()).toBe(instances[0])
    raf.mockRestore()
  })
})
