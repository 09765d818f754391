import type { Server, ServerResponse } from 'node:http';

/**
 * Tracks the responses in flight so that a shutdown can close keep-alive connections as soon
 * as their last response is sent, instead of waiting for clients to hang up.
 */
export function trackResponses(server: Server): { close(graceMs: number): Promise<boolean> } {
  const open = new Set<ServerResponse>();
  let closing = false;
  server.on('request', (_request, response: ServerResponse) => {
    if (closing && !response.headersSent) response.setHeader('connection', 'close');
    open.add(response);
    response.on('close', () => open.delete(response));
  });

  /** Resolves true when every connection ended within `graceMs`, false when some were cut. */
  const close = (graceMs: number) =>
    new Promise<boolean>((resolvePromise) => {
      closing = true;
      for (const response of open) {
        if (!response.headersSent) response.setHeader('connection', 'close');
      }
      let cut = false;
      // A connection that was busy becomes idle when its response ends: close it then.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const forced = setTimeout(() => {
        cut = true;
        server.closeAllConnections();
      }, graceMs);
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(forced);
        resolvePromise(!cut);
      });
      server.closeIdleConnections();
    });
  return { close };
}
