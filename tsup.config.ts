import type { Plugin } from "esbuild";
import { defineConfig } from "tsup";

/**
 * The CLI uses only the package's public entries: its imports of `../index.js`,
 * `../policy-entry.js` and `../testing/index.js` stay imports of the built `./index.js`,
 * `./policy.js` and `./testing.js` (not a second copy).
 */
const publicEntries: Plugin = {
  name: "cli-public-entries",
  setup(build) {
    const built: Record<string, string> = {
      "../index.js": "./index.js",
      "../policy-entry.js": "./policy.js",
      "../testing/index.js": "./testing.js",
    };
    build.onResolve({ filter: /^\.\.\/(index|policy-entry|testing\/index)\.js$/ }, (args) =>
      /[\\/]src[\\/]cli[\\/]/.test(args.importer)
        ? { path: built[args.path] ?? args.path, external: true }
        : undefined,
    );
  },
};

export default defineConfig([
  {
    entry: {
      index: "src/index.ts",
      policy: "src/policy-entry.ts",
      testing: "src/testing/index.ts",
      "testing-vitest": "src/testing/vitest.ts",
    },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    // The CLI build below writes cli*.js into dist at the same time: keep them.
    clean: ["!cli*"],
    target: "node20",
  },
  {
    // The `noshow-policy` bin (ESM only; main.ts starts with its #! line) and its batch worker.
    entry: { cli: "src/cli/main.ts", "cli-worker": "src/cli/worker.ts" },
    format: ["esm"],
    dts: false,
    sourcemap: true,
    splitting: false,
    clean: false,
    target: "node20",
    esbuildPlugins: [publicEntries],
  },
]);
