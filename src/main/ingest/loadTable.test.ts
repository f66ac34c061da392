// Tests of the header parsing the sniff relies on (the first CSV record with quotes, escapes and line breaks) and of the read_csv options built from a sniffed dialect.

import { describe, expect, it } from 'vitest'
import type { FileCheck } from './fileCheck'
import { firstRecord, readCsvSql } from './loadTable'

describe('firstRecord', () => {
  it('splits the first line on the delimiter and stops at the line end (LF, CRLF or CR)', () => {
    expect(firstRecord('a,b,,c\n1,2,3,4\n', ',', '"', '"')).toEqual(['a', 'b', '', 'c'])
    expect(firstRecord('a;b\r\n1;2', ';', '"', '"')).toEqual(['a', 'b'])
    expect(firstRecord('a\tb\rx', '\t', '"', '"')).toEqual(['a', 'b'])
    expect(firstRecord('only', ',', '"', '"')).toEqual(['only'])
  })

  it('keeps delimiters, line breaks and doubled quotes inside quotes', () => {
    expect(firstRecord('"a,b","say ""hi""","two\nlines",d\n1', ',', '"', '"')).toEqual(['a,b', 'say "hi"', 'two\nlines', 'd'])
  })

  it('reads a backslash-escaped quote when the escape differs from the quote', () => {
    expect(firstRecord("'it\\'s',b\n", ',', "'", '\\')).toEqual(["it's", 'b'])
  })

  it('is null when the text ends inside a quoted field', () => {
    expect(firstRecord('a,"never closed', ',', '"', '"')).toBeNull()
  })
})

describe('readCsvSql', () => {
  const dialect = { delimiter: ';', quote: '"', escape: '"', header: [{ name: 'a', header: 'a' }, { name: "it's", header: "it's" }] }
  const check: FileCheck = { ok: true, bytes: 100, encoding: 'utf-8', hasBom: false }
  it('names every column (text unless typed) and turns DuckDB’s own sniffing off: the dialect is already known', () => {
    const sql = readCsvSql(dialect, check, null)
    expect(sql).toContain('auto_detect = false')
    expect(sql).toContain("columns = {'a': 'VARCHAR', 'it''s': 'VARCHAR'}")
    expect(sql).toContain("delim = ';'")
    expect(sql).not.toContain('all_varchar')
    expect(readCsvSql(dialect, check, null, new Map([['a', 'DOUBLE']]))).toContain("columns = {'a': 'DOUBLE', 'it''s': 'VARCHAR'}")
  })
})
