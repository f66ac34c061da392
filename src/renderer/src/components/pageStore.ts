/** Pure bookkeeping for server-side paging: which pages a visible row range needs, and a store that holds at most a few pages. */

/** Page indices covering rows [first, last] (inclusive), clipped to `total` rows. */
export function pagesCovering(first: number, last: number, pageSize: number, total: number): number[] {
  if (total <= 0 || last < first) return []
  const lo = Math.max(0, Math.floor(Math.max(0, first) / pageSize))
  const hi = Math.min(Math.ceil(total / pageSize) - 1, Math.floor(Math.min(last, total - 1) / pageSize))
  const out: number[] = []
  for (let p = lo; p <= hi; p++) out.push(p)
  return out
}

/** The offset and limit of one page request (the last page may be short). */
export function pageRequest(page: number, pageSize: number, total: number): { offset: number; limit: number } {
  const offset = page * pageSize
  return { offset, limit: Math.max(0, Math.min(pageSize, total - offset)) }
}

/**
 * The pages to have loaded for a view of rows [first, last]: the pages covering it, plus the next page in
 * the scroll `direction` once the view is within half a page of it and the store has room for it beside
 * the pages in view (so it has arrived by the time the view reaches it).
 */
export function pagesToFetch(first: number, last: number, direction: 1 | -1, pageSize: number, total: number, maxPages: number): number[] {
  const inView = pagesCovering(first, last, pageSize, total)
  if (!inView.length || inView.length >= maxPages) return inView
  const lead = pageSize / 2
  const ahead = direction > 0 ? (last + lead >= (inView[inView.length - 1] + 1) * pageSize ? inView[inView.length - 1] + 1 : -1) : first - lead < inView[0] * pageSize ? inView[0] - 1 : -1
  return ahead >= 0 && ahead * pageSize < total ? [...inView, ahead] : inView
}

/**
 * Holds fetched pages, evicting the least recently stored ones beyond `maxPages` but never a page the
 * caller says is in view: the renderer keeps a page or two of rows, not the table.
 */
export class PageStore<T> {
  private readonly pages = new Map<number, T[]>()
  /** pages requested and not answered yet */
  readonly inFlight = new Set<number>()
  /** pages whose request failed, with the message (not asked again until cleared) */
  readonly errors = new Map<number, string>()

  constructor(
    readonly pageSize: number,
    readonly maxPages = 3,
    /** which query this store belongs to (a new query gets a new store) */
    readonly epoch = 0
  ) {}

  has(page: number): boolean {
    return this.pages.has(page)
  }

  /** Stores a page and evicts older pages outside `inView` until at most maxPages remain (pages in view always stay). */
  set(page: number, rows: T[], inView: readonly number[] = [page]): void {
    this.pages.delete(page)
    this.pages.set(page, rows)
    const keep = new Set([...inView, page])
    for (const p of [...this.pages.keys()]) {
      if (this.pages.size <= this.maxPages) break
      if (!keep.has(p)) this.pages.delete(p)
    }
  }

  /** The row at an absolute index, or undefined when its page is not loaded. */
  rowAt(index: number): T | undefined {
    const page = this.pages.get(Math.floor(index / this.pageSize))
    return page?.[index % this.pageSize]
  }

  /** Loaded rows with their absolute indices, in index order. */
  entries(): { index: number; row: T }[] {
    const out: { index: number; row: T }[] = []
    for (const p of [...this.pages.keys()].sort((a, b) => a - b)) {
      const rows = this.pages.get(p)!
      rows.forEach((row, i) => out.push({ index: p * this.pageSize + i, row }))
    }
    return out
  }

  get loadedPages(): number[] {
    return [...this.pages.keys()].sort((a, b) => a - b)
  }

  get rowCount(): number {
    let n = 0
    for (const rows of this.pages.values()) n += rows.length
    return n
  }

  clear(): void {
    this.pages.clear()
    this.inFlight.clear()
    this.errors.clear()
  }
}
