import { graphql } from '../graphql/generated';

// Drift ignore rules of a fabric (listed on the fabric page). The operation names are the API's
// metric labels (api/src/metrics.rs KNOWN_OPERATIONS).

export const DriftIgnoreRulesQuery = graphql(`
  query DriftIgnoreRules($fabricId: ID!) {
    driftIgnoreRules(fabricId: $fabricId) {
      id
      kind
      path
      reason
      createdBy
      createdAt
      ignoredPaths
    }
  }
`);

export const AddDriftIgnoreRuleMutation = graphql(`
  mutation AddDriftIgnoreRule($fabricId: ID!, $kind: String!, $path: String!, $reason: String!) {
    addDriftIgnoreRule(fabricId: $fabricId, kind: $kind, path: $path, reason: $reason) {
      id
    }
  }
`);

export const RemoveDriftIgnoreRuleMutation = graphql(`
  mutation RemoveDriftIgnoreRule($fabricId: ID!, $kind: String!, $path: String!) {
    removeDriftIgnoreRule(fabricId: $fabricId, kind: $kind, path: $path)
  }
`);
