import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the committed API schema. The output directory can be overridden
// (HNP_CODEGEN_OUT) so `codegen:check` can regenerate into a temp dir and diff.
const out = process.env.HNP_CODEGEN_OUT ?? './src/gql/';

const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    [out]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
