import { graphql } from '../graphql/generated';

// The topology of one fabric (desired state with drafts applied), its VPCs for the selector,
// and what to highlight: a VPC's part of the topology, the impact of the pending changes.
// The operation names are API metric labels (api/src/metrics.rs KNOWN_OPERATIONS).

export const FabricTopologyQuery = graphql(`
  query FabricTopology($id: ID!) {
    fabric(id: $id) {
      id
      name
      pendingDrafts
      topology {
        nodes {
          id
          kind
          name
          role
          state
          groups
          redundancyGroup { type group }
          resourceId
        }
        links { id from to fromPort toPort connection kind state resourceId }
      }
    }
    vpcs: resources(fabricId: $id, kind: "VPC", first: 500) {
      totalCount
      nodes { id name }
    }
  }
`);

export const TopologyHighlightQuery = graphql(`
  query TopologyHighlight($id: ID!, $vpc: String, $withVpc: Boolean!, $withImpact: Boolean!) {
    fabric(id: $id) {
      id
      vpcTopology: topology(vpc: $vpc) @include(if: $withVpc) {
        nodes { id }
        links { id }
      }
      pendingChanges @include(if: $withImpact) {
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
