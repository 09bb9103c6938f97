import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the committed API schema and the `graphql()` documents of every
// feature's `operations.ts`. The output directory can be overridden (HNP_CODEGEN_OUT) so
// `codegen:check` can regenerate into a temp dir and diff.
const out = process.env.HNP_CODEGEN_OUT ?? './src/graphql/generated/';

const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/graphql/generated/**/*'],
  ignoreNoDocuments: false,
  generates: {
    [out]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        // Custom scalars: types from src/graphql/scalars.ts (the import path is relative to the
        // generated files in src/graphql/generated/).
        scalars: {
          DateTime: '../scalars#DateTime',
          JSON: '../scalars#JsonValue',
        },
      },
    },
  },
};

export default config;
