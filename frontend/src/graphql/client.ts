import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient } from 'graphql-ws';

export function wsUrl(): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${window.location.host}/graphql/ws`;
}

/** An urql client for one session token (HTTP Authorization header + ws connection_init payload). */
export function makeClient(token: string | null): { client: Client; dispose: () => void } {
  const ws = token
    ? createWsClient({
        url: wsUrl(),
        connectionParams: () => ({ Authorization: `Bearer ${token}` }),
        lazy: true,
        retryAttempts: 5,
      })
    : null;
  const client = new Client({
    url: '/graphql',
    requestPolicy: 'cache-and-network',
    // The server answers GET /graphql with GraphiQL: always POST.
    preferGetMethod: false,
    fetchOptions: (): RequestInit => {
      const headers: Record<string, string> = {};
      if (token) headers.Authorization = `Bearer ${token}`;
      return { headers };
    },
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
