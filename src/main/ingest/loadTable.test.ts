// Tests of the header parsing the sniff relies on: the first CSV record with quotes, escapes and line breaks.

import { describe, expect, it } from 'vitest'
import { firstRecord } from './loadTable'

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
