import { graphql } from '../graphql/generated';

// Git repositories: records, credentials and the connection test. The operation names are the
// API's metric labels (api/src/metrics.rs KNOWN_OPERATIONS; a test reads every
// src/**/operations.ts).

export const RepositoryFields = graphql(`
  fragment RepositoryFields on GitRepository {
    id
    name
    url
    provider
    authType
    hasCredentials
    hasWebhookSecret
    defaultBranch
    writeMode
    commitAuthorName
    commitAuthorEmail
    connectionStatus
    lastValidated
    validationError
    sshHostKeys
    fabrics { id name }
  }
`);

export const RepositoriesQuery = graphql(`
  query GitRepositories {
    gitRepositories { ...RepositoryFields }
  }
`);

export const CreateRepositoryMutation = graphql(`
  mutation CreateGitRepository($input: CreateGitRepositoryInput!) {
    createGitRepository(input: $input) { ...RepositoryFields }
  }
`);

export const UpdateRepositoryMutation = graphql(`
  mutation UpdateGitRepository($id: ID!, $input: UpdateGitRepositoryInput!) {
    updateGitRepository(id: $id, input: $input) { ...RepositoryFields }
  }
`);

export const DeleteRepositoryMutation = graphql(`
  mutation DeleteGitRepository($id: ID!) {
    deleteGitRepository(id: $id)
  }
`);

export const TestConnectionMutation = graphql(`
  mutation TestGitRepositoryConnection($id: ID!) {
    testGitRepositoryConnection(id: $id) {
      ok
      url
      defaultBranch
      branches
      errorKind
      error
      repository { ...RepositoryFields }
    }
  }
`);
