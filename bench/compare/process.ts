/**
 * What the floor's and the peer's processes share: their settings from the environment (the
 * Neo4j password never in arguments), a ready line for the script that starts them, and a
 * clean stop on SIGTERM, SIGINT or when that script goes away.
 */
import type { Server } from 'node:http';

export interface ProcessSettings {
  neo4j: { uri: string; user: string; password: string; database: string };
  host: string;
  port: number;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ProcessSettings {
  const uri = env.NEO4J_URI;
  if (!uri) throw new Error('NEO4J_URI is not set');
  const port = Number(env.PORT ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('PORT is not a port');
  return {
    neo4j: {
      uri,
      user: env.NEO4J_USER ?? 'neo4j',
      password: env.NEO4J_PASSWORD ?? '',
      database: env.NEO4J_DATABASE ?? 'neo4j',
    },
    host: env.HOST ?? '127.0.0.1',
    port,
  };
}

/** Listens, prints "<name> ready on <url>", and stops on a signal or when the parent leaves. */
export async function serve(
  name: string,
  server: Server,
  settings: ProcessSettings,
  close: () => Promise<void>,
): Promise<void> {
  await new Promise<void>((listening) => server.listen(settings.port, settings.host, listening));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    await new Promise<void>((closed) => server.close(() => closed()));
    await close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  if (process.send) {
    // Started with an IPC channel: the script that started it is gone, so is its reason to run.
    process.on('disconnect', () => void stop());
    process.channel?.unref();
  }
  console.log(`${name} ready on http://${settings.host}:${port}`);
}
