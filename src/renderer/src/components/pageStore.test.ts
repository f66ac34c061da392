import { describe, expect, it } from 'vitest'
import { PageStore, pageRequest, pagesCovering, pagesToFetch } from './pageStore'

describe('pagesCovering', () => {
  it('lists the pages a row range touches, clipped to the total', () => {
    expect(pagesCovering(0, 29, 100, 1000)).toEqual([0])
    expect(pagesCovering(90, 130, 100, 1000)).toEqual([0, 1])
    expect(pagesCovering(950, 1200, 100, 1000)).toEqual([9])
    expect(pagesCovering(0, 10, 100, 0)).toEqual([])
    expect(pagesCovering(-5, 3, 100, 50)).toEqual([0])
  })

  it('sizes the last page request', () => {
    expect(pageRequest(0, 100, 250)).toEqual({ offset: 0, limit: 100 })
    expect(pageRequest(2, 100, 250)).toEqual({ offset: 200, limit: 50 })
  })
})

describe('pagesToFetch', () => {
  it('adds the next page in the scroll direction once the view is within half a page of it', () => {
    // rows 0-29 in view: page 1 starts 70 rows below, not yet
    expect(pagesToFetch(0, 29, 1, 100, 1000, 2)).toEqual([0])
    expect(pagesToFetch(30, 59, 1, 100, 1000, 2)).toEqual([0, 1])
    // going up from page 3, page 2 is fetched ahead
    expect(pagesToFetch(330, 359, -1, 100, 1000, 2)).toEqual([3, 2])
    expect(pagesToFetch(360, 389, -1, 100, 1000, 2)).toEqual([3])
  })

  it('fetches ahead only with room beside the pages in view, and never past either end', () => {
    expect(pagesToFetch(90, 160, 1, 100, 1000, 2)).toEqual([0, 1])
    expect(pagesToFetch(90, 160, 1, 100, 1000, 3)).toEqual([0, 1, 2])
    expect(pagesToFetch(960, 989, 1, 100, 1000, 2)).toEqual([9])
    expect(pagesToFetch(10, 39, -1, 100, 1000, 2)).toEqual([0])
    expect(pagesToFetch(0, 10, 1, 100, 0, 2)).toEqual([])
  })
})

describe('PageStore', () => {
  const rows = (page: number, n = 10): string[] => Array.from({ length: n }, (_, i) => `r${page * 10 + i}`)

  it('finds rows by absolute index', () => {
    const s = new PageStore<string>(10, 3)
    s.set(2, rows(2))
    expect(s.rowAt(25)).toBe('r25')
    expect(s.rowAt(5)).toBeUndefined()
    expect(s.entries()[0]).toEqual({ index: 20, row: 'r20' })
  })

  it('keeps at most maxPages, evicting the oldest page out of view', () => {
    const s = new PageStore<string>(10, 2)
    s.set(0, rows(0))
    s.set(1, rows(1))
    s.set(2, rows(2), [1, 2])
    expect(s.loadedPages).toEqual([1, 2])
    expect(s.rowCount).toBe(20)
    s.set(7, rows(7), [7])
    expect(s.loadedPages).toEqual([2, 7])
  })

  it('never evicts a page in view even when that exceeds the limit', () => {
    const s = new PageStore<string>(10, 1)
    s.set(3, rows(3))
    s.set(4, rows(4), [3, 4])
    expect(s.loadedPages).toEqual([3, 4])
    s.clear()
    expect(s.rowCount).toBe(0)
  })
})
