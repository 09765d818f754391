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

/** What each empty-bodied refusal of the HTTP layer means, and what to send instead. */
const EMPTY_REFUSALS: Record<number, string> = {
  415:
    'This content type cannot carry a GraphQL request. POST it as application/json ' +
    '({"query": "...", "variables": {...}}), or GET it with ?query= in the URL.',
  431: 'The request headers or the URL are too long. Send a long query by POST, in the body.',
};

/**
 * The HTTP layer refuses some requests with a status and no body at all; a client then sees
 * nothing that says why. Such a refusal gets a GraphQL error body with a message and a code.
 */
export function useExplainedRefusals(): Plugin {
  return {
    onResponse({ response, setResponse, fetchAPI }) {
      const message = EMPTY_REFUSALS[response.status];
      if (message === undefined || response.body !== null) return;
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('content-type', 'application/json; charset=utf-8');
      setResponse(
        new fetchAPI.Response(
          JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }),
          { status: response.status, headers },
        ),
      );
    },
  };
}
