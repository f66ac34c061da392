// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { downloadText, safeFileName } from './download'

afterEach(() => vi.restoreAllMocks())

function captureClicks(): { href: string; download: string; inDom: boolean }[] {
  const clicked: { href: string; download: string; inDom: boolean }[] = []
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push({ href: this.href, download: this.download, inDom: document.body.contains(this) })
  })
  return clicked
}

describe('download', () => {
  it('makes safe file names', () => {
    expect(safeFileName('a/b\\c:d*?.csv')).toBe('a_b_c_d_.csv')
    expect(safeFileName('..hidden')).toBe('hidden')
    expect(safeFileName('   ')).toBe('export')
  })

  it('downloads text through a blob URL and an anchor that is removed afterwards', async () => {
    const created: Blob[] = []
    const createObjectURL = vi.fn((b: Blob) => {
      created.push(b)
      return 'blob:test/1'
    })
    const revokeObjectURL = vi.fn()
    Object.assign(URL, { createObjectURL, revokeObjectURL })
    const clicked = captureClicks()
    downloadText('report.csv', 'a,b\n1,2\n', 'text/csv')
    expect(clicked).toEqual([{ href: 'blob:test/1', download: 'report.csv', inDom: true }])
    expect(document.querySelectorAll('a').length).toBe(0)
    expect(await created[0].text()).toBe('a,b\n1,2\n')
    expect(created[0].type).toBe('text/csv')
    await new Promise((r) => setTimeout(r, 5))
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:test/1')
  })
})
