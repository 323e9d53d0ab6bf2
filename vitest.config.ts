import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // Two cores: more workers only add contention; each worker gets its own database per file.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Pages render slower on a loaded 2-core CI machine than vitest's 1 s poll default allows.
    expect: { poll: { timeout: 15_000, interval: 100 }, requireAssertions: true },
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
