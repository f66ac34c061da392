// Lint: typescript-eslint's recommended rules plus the layer boundaries of STYLE.md, as errors.
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'module']

/** Import patterns a layer may not use. */
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }]
})

export default tseslint.config(
  { ignores: ['out/**', 'out-*/**', '**/out-*/**', 'test-results*/**', 'dist/**', 'node_modules/**', 'resources/**', 'test-results/**', 'playwright-report/**', '.bench/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off'
    }
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict(['**/main/**', '**/renderer/**', '**/preload/**', 'electron', 'react', ...nodeBuiltins], 'src/shared imports nothing of ours and no Node, DOM or Electron module (STYLE.md layers)')
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...restrict(['**/main/**', '**/preload/index', 'electron', ...nodeBuiltins], 'the renderer may import src/shared and the preload type declarations only (STYLE.md layers)'),
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn'
    }
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts'],
    rules: restrict(['electron', '**/renderer/**', '**/preload/**'], 'only src/main/index.ts may import electron; main never imports the renderer or preload (STYLE.md layers)')
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict(['**/main/**', '**/renderer/**'], 'the preload imports src/shared only (STYLE.md layers)')
  },
  {
    files: ['src/renderer/src/**/*.{ts,tsx}'],
    ignores: ['src/renderer/src/api/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'workbench', message: 'only src/renderer/src/api touches the bridge' }],
      'no-restricted-properties': ['error', { object: 'window', property: 'workbench', message: 'only src/renderer/src/api touches the bridge' }]
    }
  }
)
