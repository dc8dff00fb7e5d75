import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    env: { TZ: "UTC" },
    // The machines are noisy and shared: a property test's budget is its number of runs, not
    // the wall clock, so the timeout only catches a hang.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    include: ["test/**/*.test.ts"],
    coverage: {
      provider: "v8",
      include: ["src/**"],
      // The barrel only re-exports; v8 reports re-export modules as uncovered.
      exclude: ["src/index.ts"],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: "coverage",
      thresholds: {
        lines: 90,
        functions: 90,
        statements: 90,
        branches: 80,
      },
    },
  },
});
