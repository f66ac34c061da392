/**
 * The benchmark's yardstick: a node process that does nothing but DuckDB's bare `read_csv` of the
 * CSV files it is given (a folder's *.csv or the files themselves) into in-memory tables, one after
 * the other, with DuckDB's defaults (type sniffing, all threads). `npm run bench` times this whole
 * process against the Workbench CLI's whole process on the same files, in the same run.
 */
'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run by node as is */
const fs = require('node:fs')
const path = require('node:path')
const { DuckDBInstance } = require('@duckdb/node-api')

async function main() {
  const files = []
  for (const arg of process.argv.slice(2)) {
    if (fs.statSync(arg).isDirectory()) {
      for (const f of fs.readdirSync(arg).sort()) if (/\.csv$/i.test(f)) files.push(path.join(arg, f))
    } else files.push(arg)
  }
  if (files.length === 0) throw new Error('usage: node scripts/benchBareRead.js DIR|FILE...')
  const instance = await DuckDBInstance.create(':memory:')
  const conn = await instance.connect()
  let rows = 0
  for (let i = 0; i < files.length; i++) {
    await conn.run(`CREATE TABLE t${i} AS SELECT * FROM read_csv('${files[i].replace(/'/g, "''")}')`)
    const r = await conn.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM t${i}`)
    rows += Number(r.getRows()[0][0])
  }
  process.stdout.write(JSON.stringify({ files: files.length, rows }) + '\n')
  conn.closeSync()
  instance.closeSync()
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
