import { graphql } from '../graphql/generated';

// Admin: feature flags, users, API tokens and the audit log. The operation names are the API's
// metric labels (api/src/metrics.rs KNOWN_OPERATIONS; a test reads every src/**/operations.ts).

export const FeatureFlagsQuery = graphql(`
  query FeatureFlags {
    featureFlags { key enabled source reason updatedBy }
    fabrics { id name featureFlags { key enabled source reason updatedBy } }
  }
`);

export const SetFeatureFlagMutation = graphql(`
  mutation SetFeatureFlag($key: FeatureFlagKey!, $enabled: Boolean!, $fabricId: ID, $reason: String) {
    setFeatureFlag(key: $key, enabled: $enabled, fabricId: $fabricId, reason: $reason) {
      key enabled source reason updatedBy
    }
  }
`);

export const UsersQuery = graphql(`
  query Users {
    users { id username role isActive lastLoginAt }
  }
`);

export const CreateUserMutation = graphql(`
  mutation CreateUser($username: String!, $password: String!, $role: Role!) {
    createUser(username: $username, password: $password, role: $role) { id username role isActive lastLoginAt }
  }
`);

export const UpdateUserMutation = graphql(`
  mutation UpdateUser($id: ID!, $active: Boolean, $role: Role) {
    updateUser(id: $id, active: $active, role: $role) { id username role isActive lastLoginAt }
  }
`);

export const ApiTokenFields = graphql(`
  fragment ApiTokenFields on ApiToken {
    id
    name
    prefix
    createdAt
    lastUsedAt
    expiresAt
    session
    revoked
    current
  }
`);

export const ApiTokensQuery = graphql(`
  query ApiTokens($username: String) {
    apiTokens(username: $username) { ...ApiTokenFields }
  }
`);

export const CreateApiTokenMutation = graphql(`
  mutation CreateApiToken($name: String!, $username: String) {
    createApiToken(name: $name, username: $username) {
      token
      apiToken { ...ApiTokenFields }
    }
  }
`);

export const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) { ...ApiTokenFields }
  }
`);

export const AuditEventsQuery = graphql(`
  query AuditEvents(
    $first: Int
    $after: String
    $actor: String
    $action: String
    $targetType: String
    $targetId: String
    $since: DateTime
    $until: DateTime
  ) {
    auditEvents(
      first: $first
      after: $after
      actor: $actor
      action: $action
      targetType: $targetType
      targetId: $targetId
      since: $since
      until: $until
    ) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id actor action targetType targetId fabricId summary before after createdAt }
    }
  }
`);

export const ClearFeatureFlagMutation = graphql(`
  mutation ClearFeatureFlag($key: FeatureFlagKey!, $fabricId: ID!) {
    clearFeatureFlag(key: $key, fabricId: $fabricId) { key enabled source reason updatedBy }
  }
`);
