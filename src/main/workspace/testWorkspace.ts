/** Test support for the workspace tests: a document with every field set to something other than its default. */
import type { WorkspaceDoc } from '../../shared/workspace'
import { emptyWorkspaceDoc } from './workspaceDoc'

/** A document with every field set to something other than its default. */
export function fullDoc(): WorkspaceDoc {
  return {
    ...emptyWorkspaceDoc(),
    demo: false,
    sources: [
      {
        kind: 'csv',
        table: 'interactions',
        file: 'llm_system_interactions.csv',
        relative_path: 'data/llm_system_interactions.csv',
        absolute_path: '/data/incident/data/llm_system_interactions.csv',
        sha256: 'a'.repeat(64),
        bytes: 12345,
        rows: 100,
        columns: ['interaction_id', 'latency_ms']
      }
    ],
    knobs: { SLA_MS: 2500, CAPACITY_PER_DAY: 120 },
    gate_overrides: ['token_accounting'],
    price_table: { format: 'telemetry-workbench.prices', version: 1, entries: [] },
    ui: {
      page: 'drift',
      filters: { filters: { use_case: ['coding'] }, annotation: ['unreviewed', 'confirmed_failure'] },
      page_params: { drift: { window: 'date_ranges', rf: '2025-01-01' }, explorer: { sort: 'latency_ms:desc' } },
      saved_views: [{ id: 'v1', name: 'Slow coding', page: 'explorer', filters: { filters: { use_case: ['coding'] } }, params: { sort: 'latency_ms:desc' }, created: '2025-02-01T00:00:00Z' }],
      drift_date_ranges: { reference: { from: '2025-01-01', to: '2025-01-15' }, current: { from: '2025-01-16', to: '2025-01-31' } },
      cluster_settings: { k: 14, strategy: 'lift', colour: 'failure' },
      triage_threshold: 0.35,
      notes: 'Looking at the coding slice.\nSecond line: “quotes” and ünïcode.'
    },
    annotations: [
      { id: 'a1', interaction_id: 'i1', status: 'confirmed_failure', labels: ['hallucination', 'api'], note: 'made up', author: 'alice', created: '2025-02-01T10:00:00.000Z', updated: '2025-02-01T11:00:00.000Z' },
      { id: 'a2', interaction_id: 'i2', status: 'open', labels: [], note: '', author: 'bob', created: '2025-02-02T10:00:00.000Z', updated: '2025-02-02T10:00:00.000Z', extra_field: 7 }
    ],
    policy_versions: [
      {
        id: 'p1',
        kind: 'routing',
        created: '2025-02-03T00:00:00.000Z',
        label: '1 use case · candidate_improves',
        knobs: { SLA_MS: 2500 },
        data_hashes: [{ table: 'interactions', file: 'llm_system_interactions.csv', sha256: 'a'.repeat(64), rows: 100 }],
        scope: {},
        content: { rows: [{ use_case: 'coding', model_name: 'm' }] },
        summary: { routing_status: 'candidate_improves', policy_expected_unit_cost: 1.5 },
        files: [{ name: 'routing_policy_use_case.csv', content: 'use_case\ncoding\n' }]
      }
    ]
  }
}

