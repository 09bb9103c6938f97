import { graphql } from '../graphql/generated';

// Pending changes of one fabric: every draft with its diff and admission problems, and what
// they touch together. The operation name is an API metric label (api/src/metrics.rs).

export const PendingChangesQuery = graphql(`
  query PendingChanges($id: ID!) {
    fabric(id: $id) {
      id
      name
      pendingChanges {
        resources {
          resourceId
          kind
          namespace
          name
          operation
          diff
          problems { path message }
        }
        impact {
          switches
          ports { switch port }
          servers
          vpcs
          externals
          gateways
          connections
        }
      }
    }
  }
`);
