import type { Plugin } from 'graphql-yoga';

/**
 * Errors that stop an operation before it runs (a variable of the wrong type, an unknown
 * operationName) come from the executor with HTTP 400 and no code. They get BAD_USER_INPUT, and
 * application/json clients get them with 200, as the GraphQL-over-HTTP spec asks (clients that
 * accept application/graphql-response+json keep the 400).
 */
export function useRequestErrorCodes(): Plugin {
  return {
    onResultProcess({ result }) {
      const errors = !Array.isArray(result) && 'errors' in result ? result.errors : undefined;
      if (!errors || ('data' in result && result.data !== undefined)) return;
      for (const error of errors) {
        const extensions = error.extensions as Record<string, unknown> | undefined;
        const http = extensions?.http;
        if (!extensions || extensions.code !== undefined) continue;
        if (typeof http !== 'object' || http === null || !('status' in http)) continue;
        if (http.status !== 400 || 'spec' in http) continue;
        Object.assign(http, { spec: true });
        Object.assign(extensions, { code: 'BAD_USER_INPUT' });
      }
    },
  };
}
