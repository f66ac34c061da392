/** Test support (unit and e2e): reads CSV text (RFC 4180) and compares artifact files (CSV or JSON) with a relative tolerance on numbers and exact strings, listing every difference. */

/** RFC 4180 rows of a CSV text: quoted fields, doubled quotes, separators and line breaks inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (field !== '' || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

/** CSV rows as records keyed by the header; blank lines are skipped. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...body] = parseCsv(text)
  return body.filter((r) => r.length > 1 || r[0] !== '').map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])))
}

function sameNumber(a: number, b: number, rel: number): boolean {
  return a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b))
}

function sameCell(a: string, b: string, rel: number): boolean {
  if (a === b) return true
  const x = Number(a)
  const y = Number(b)
  return a !== '' && b !== '' && !Number.isNaN(x) && !Number.isNaN(y) && sameNumber(x, y, rel)
}

/** Differences between two CSV texts: header, row count, then cell by cell. */
export function diffCsv(expected: string, actual: string, rel = 1e-9, ignoreColumns: readonly string[] = []): string[] {
  const e = parseCsv(expected)
  const a = parseCsv(actual)
  const out: string[] = []
  if (e[0].join(',') !== a[0].join(',')) out.push(`header: expected ${e[0].join(',')} got ${a[0].join(',')}`)
  if (e.length !== a.length) out.push(`rows: expected ${e.length - 1} got ${a.length - 1}`)
  for (let r = 1; r < Math.min(e.length, a.length); r++) {
    for (let c = 0; c < e[0].length; c++) {
      if (ignoreColumns.includes(e[0][c])) continue
      const ai = a[0].indexOf(e[0][c])
      if (ai < 0) continue
      if (!sameCell(e[r][c], a[r][ai] ?? '', rel)) out.push(`row ${r} ${e[0][c]}: expected ${e[r][c]} got ${a[r][ai]}`)
    }
  }
  return out
}

/** Differences between two JSON values: every expected key must exist with an equal value (extra keys allowed). */
export function diffJson(expected: unknown, actual: unknown, rel = 1e-9, ignoreKeys: readonly string[] = [], at = ''): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') return sameNumber(expected, actual, rel) ? [] : [`${at}: expected ${expected} got ${actual}`]
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${at}: expected ${expected.length} items got ${Array.isArray(actual) ? actual.length : typeof actual}`]
    return expected.flatMap((v, i) => diffJson(v, actual[i], rel, ignoreKeys, `${at}[${i}]`))
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return [`${at}: expected an object`]
    return Object.entries(expected as Record<string, unknown>).flatMap(([k, v]) =>
      ignoreKeys.includes(k) ? [] : k in (actual as object) ? diffJson(v, (actual as Record<string, unknown>)[k], rel, ignoreKeys, `${at}/${k}`) : [`${at}/${k}: missing`]
    )
  }
  return expected === actual ? [] : [`${at}: expected ${JSON.stringify(expected)} got ${JSON.stringify(actual)}`]
}
