/** The CLI's command registry: a command is added by adding one entry here and its module beside it. */
import type { FlagSpec } from '../cliArgs'
import type { CliCommand } from './types'

/** Flags every command accepts. */
export const COMMON_FLAGS: Record<string, FlagSpec> = {
  data: { value: true, description: 'folder, CSV file(s) or a bundle to read (default: the bundled demo data)' },
  workspace: { value: true, description: 'workspace file: its sources (unless --data), knobs and gate overrides' },
  knobs: { value: true, description: 'JSON file of operator knobs (PIPELINE.md section 11)' },
  engine: { value: true, description: 'native (default) or wasm' },
  override: { value: true, description: 'comma-separated gate names to override (recorded in the decision artifact)' },
  help: { value: false, description: 'show this help' }
}

/** The flags of a cluster run, shared by every command that computes clusters (cli/clusterRun.ts reads them). */
export const CLUSTER_RUN_FLAGS: Record<'k' | 'seed' | 'text' | 'vectors', FlagSpec> = {
  k: { value: true, description: 'cluster: number of clusters (default: chosen from the vocabulary the requests share)' },
  seed: { value: true, description: 'cluster: seed of every random step (default: the RANDOM_SEED knob)' },
  text: { value: true, description: 'cluster: request (default) or request_and_response' },
  vectors: { value: true, description: "cluster: auto (the dump's embeddings when present), lexical or embeddings" }
}

/** `--with-clusters` of anomalies and report. */
const WITH_CLUSTERS_FLAG: FlagSpec = {
  value: false,
  description: "anomalies, report: compute the clusters first (the workspace's saved cluster settings, else the defaults; --k, --seed, --text, --vectors override)"
}

export const COMMANDS: readonly CliCommand[] = [
  {
    name: 'ingest',
    summary: 'read the data, run the integrity gates and print the report',
    usage: '[--data DIR] [--json] [--knobs FILE] [--engine native|wasm]',
    flags: { json: { value: false, description: 'ingest: print the report as JSON' } },
    load: () => import('./ingestCommand')
  },
  {
    name: 'analyze',
    summary: 'write every decision artifact of PIPELINE.md section 10 into a folder',
    usage: '[--data DIR] --out DIR [--knobs FILE] [--engine native|wasm] [--override GATE,...]',
    flags: { out: { value: true, description: 'folder to write the artifacts into' } },
    required: ['out'],
    load: () => import('./analyzeCommand')
  },
  {
    name: 'pii',
    summary: 'scan text columns for PII and secrets: pii_findings.csv, and a masked copy of the interactions CSV',
    usage: '[--data DIR] --out DIR [--mask-export FILE] [--knobs FILE] [--engine native|wasm] [--override GATE,...]',
    flags: { out: { value: true, description: 'folder to write the report into' }, 'mask-export': { value: true, description: 'pii: write a copy of the interactions CSV with PII masked by type tags' } },
    required: ['out'],
    load: () => import('./piiCommand')
  },
  {
    name: 'bundle',
    summary: 'write one file with the data as Parquet and the workspace, which --data FILE opens anywhere',
    usage: '[--data DIR] --out FILE [--workspace FILE] [--knobs FILE] [--mask-text] [--drop-text]',
    flags: {
      out: { value: true, description: 'the bundle file to write' },
      'mask-text': { value: false, description: 'bundle: mask the free-text columns (requests, responses, ...)' },
      'drop-text': { value: false, description: 'bundle: leave the free-text columns out' }
    },
    required: ['out'],
    load: () => import('./bundleCommand')
  },
  {
    name: 'report',
    summary: 'write the self-contained HTML report (charts inlined, no network, prints to PDF)',
    usage: '[--data DIR|FILE] --out FILE.html [--workspace FILE] [--knobs FILE] [--override GATE,...] [--with-clusters [--k N] [--seed S] [--text T] [--vectors V]] [--mask-text]',
    flags: {
      out: { value: true, description: 'the HTML file to write' },
      'with-clusters': WITH_CLUSTERS_FLAG,
      ...CLUSTER_RUN_FLAGS,
      'mask-text': { value: false, description: 'report: mask the text drawn from requests (cluster labels and diagnoses), as the PII masking switch does' }
    },
    required: ['out'],
    load: () => import('./reportCommand')
  },
  {
    name: 'sampling',
    summary: 'a telemetry sampling policy for a keep share: policy JSON, OTel Collector config, projection (and the sample)',
    usage: '[--data DIR] --out DIR --keep-share S [--emit-sample DIR] [--boost FACTOR|off] [--sampling-inputs FILE] [--knobs FILE] [--engine native|wasm]',
    flags: {
      out: { value: true, description: 'folder to write the artifacts into' },
      'keep-share': { value: true, description: 'sampling: share of rows to keep, above 0 and at most 1' },
      'emit-sample': { value: true, description: 'sampling: folder to write the sampled llm_system_interactions.csv (with sample_rate) into' },
      'sampling-inputs': { value: true, description: 'sampling: JSON file of rules, boost days and knobs (docs/sampling.md)' },
      boost: { value: true, description: 'sampling: the anomaly-days boost, FACTOR times the default rate (default 3) or off' }
    },
    required: ['out', 'keep-share'],
    load: () => import('./samplingCommand')
  },
  {
    name: 'anomalies',
    summary: 'write anomalies.csv: change points and spikes of the daily series, ranked by impact',
    usage: '[--data DIR] --out DIR [--knobs FILE] [--engine native|wasm] [--with-clusters [--k N] [--seed S] [--text T] [--vectors V]]',
    flags: { out: { value: true, description: 'folder to write the report into' }, 'with-clusters': WITH_CLUSTERS_FLAG, ...CLUSTER_RUN_FLAGS },
    required: ['out'],
    load: () => import('./anomaliesCommand')
  },
  {
    name: 'cluster',
    summary: 'cluster every request by meaning: clusters.csv (map of every row), cluster_summary.json, cluster_report.md',
    usage: '[--data DIR] --out DIR [--k N] [--seed S] [--min-size N] [--rank excess_failures|failures|failure_rate|cost|latency] [--text request|request_and_response] [--vectors auto|lexical|embeddings]',
    flags: {
      out: { value: true, description: 'folder to write the report into' },
      ...CLUSTER_RUN_FLAGS,
      'min-size': { value: true, description: 'cluster: clusters smaller than this rank last (default 20)' },
      rank: { value: true, description: 'cluster: ranking strategy (default excess_failures)' }
    },
    required: ['out'],
    load: () => import('./clusterCommand')
  }
]

export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((c) => c.name === name)
}
