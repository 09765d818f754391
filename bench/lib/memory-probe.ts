/**
 * Loaded into the service started by bench:load and bench:soak (node --import), never by
 * `npm start`: it answers "memory" over the IPC channel with process.memoryUsage(), after a full
 * garbage collection when the service runs with --expose-gc, so that heap growth means retained
 * objects rather than garbage not yet collected.
 */
export interface MemoryReport {
  type: 'memory';
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  collected: boolean;
}

if (process.send) {
  process.on('message', (message) => {
    if (message !== 'memory') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const report: MemoryReport = { type: 'memory', ...process.memoryUsage(), collected: !!gc };
    process.send?.(report);
  });
  // The channel alone must not keep the service running.
  process.channel?.unref();
  // The bench went away without stopping the service (killed, say): stop as on SIGTERM.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
