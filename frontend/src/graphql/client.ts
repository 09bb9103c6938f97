import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient } from 'graphql-ws';

export function wsUrl(): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${window.location.host}/graphql/ws`;
}

/**
 * An urql client. Authentication is the session cookie (HttpOnly, SameSite=Strict): the browser
 * sends it with every POST (urql posts `Content-Type: application/json`, which the server
 * requires for cookie-authenticated requests) and with the websocket handshake. A new client per
 * session (login, logout) starts from an empty cache.
 */
export function makeClient(withSubscriptions: boolean): { client: Client; dispose: () => void } {
  const ws = withSubscriptions
    ? createWsClient({
        url: wsUrl(),
        lazy: true,
        retryAttempts: 5,
      })
    : null;
  const client = new Client({
    url: '/graphql',
    requestPolicy: 'cache-and-network',
    // The server answers GET /graphql with GraphiQL: always POST.
    preferGetMethod: false,
    fetchOptions: (): RequestInit => ({ credentials: 'same-origin' }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      ...(ws
        ? [
            subscriptionExchange({
              forwardSubscription(request) {
                const input = { ...request, query: request.query || '' };
                return {
                  subscribe(sink) {
                    const unsubscribe = ws.subscribe(input, sink);
                    return { unsubscribe };
                  },
                };
              },
            }),
          ]
        : []),
    ],
  });
  return { client, dispose: () => void ws?.dispose() };
}
