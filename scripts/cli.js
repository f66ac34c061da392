/**
 * `npm run cli -- ...`: runs the built CLI (out/cli/cli.js, plain JavaScript: no TypeScript
 * compiler at run time). When that build is missing or older than its sources (a fresh clone, a
 * pulled change, an edit) it is rebuilt first, which takes a second or two; later starts only
 * check the sources' timestamps.
 */
'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run by node as is (no build step before the build) */
const path = require('node:path')
const { OUT, buildCli, staleReason } = require('./buildCli')

const why = staleReason()
if (why) {
  process.stderr.write(`cli: building the CLI (${why}) ...\n`)
  try {
    buildCli({ quiet: false })
  } catch (err) {
    process.stderr.write(`cli: the build failed: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  }
}
const { runCli } = require(path.join(OUT, 'cli.js'))
runCli(process.argv.slice(2), undefined, { exiting: true }).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`cli: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    process.exit(1)
  }
)
