/**
 * Loaded into the service started by bench:load and bench:soak (node --import), never by
 * `npm start`: it answers "memory" over the IPC channel with process.memoryUsage(), after a full
 * garbage collection when the service runs with --expose-gc, so that heap growth means retained
 * objects rather than garbage not yet collected. Plain JavaScript, so the service under test runs
 * compiled, with no TypeScript loader, as in production. Its report is MemoryReport (service.ts).
 */
if (process.send) {
  process.on('message', (message) => {
    if (message !== 'memory') return;
    const gc = globalThis.gc;
    gc?.();
    process.send?.({ type: 'memory', ...process.memoryUsage(), collected: !!gc });
  });
  // The channel alone must not keep the service running.
  process.channel?.unref();
  // The bench went away without stopping the service (killed, say): stop as on SIGTERM.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
