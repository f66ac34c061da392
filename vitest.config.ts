import { defineConfig } from 'vitest/config'

// Unit and integration tests sit beside the code (`*.test.ts(x)`); e2e specs run under Playwright.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks'
  }
})
