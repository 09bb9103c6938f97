import { graphql } from '../graphql/generated';

// Sign-in, the current user and sign-out. The operation names are the API's metric labels
// (api/src/metrics.rs KNOWN_OPERATIONS; a test reads every src/**/operations.ts).

export const LoginMutation = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      token
      expiresAt
      user { id username role }
    }
  }
`);

export const MeQuery = graphql(`
  query Me {
    me { id username role isActive }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);
