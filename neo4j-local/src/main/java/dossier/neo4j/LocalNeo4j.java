package dossier.neo4j;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Neo4j Community embedded, reachable only over Bolt on loopback.
 *
 * <p>Usage: LocalNeo4j DATA_DIR PORT [PAGE_CACHE_MB] [--exit-on-stdin-eof]. Prints one line
 * starting with "DOSSIER_NEO4J_READY" once the default database is available, and shuts down on
 * SIGTERM/SIGINT. With --exit-on-stdin-eof it also shuts down when its standard input closes, so
 * a parent process that dies without cleaning up never leaves a database running.
 */
public final class LocalNeo4j {
  private static final String READY_LINE = "DOSSIER_NEO4J_READY";

  private LocalNeo4j() {}

  public static void main(String[] args) throws InterruptedException {
    if (Arrays.stream(args).filter(arg -> !arg.startsWith("--")).count() < 2) {
      System.err.println("usage: LocalNeo4j DATA_DIR PORT [PAGE_CACHE_MB]");
      System.exit(2);
    }
    boolean exitOnStdinEof = Arrays.asList(args).contains("--exit-on-stdin-eof");
    String[] positional = Arrays.stream(args).filter(arg -> !arg.startsWith("--")).toArray(String[]::new);
    Path home = Path.of(positional[0]).toAbsolutePath();
    int port = Integer.parseInt(positional[1]);
    long pageCacheMb = positional.length > 2 ? Long.parseLong(positional[2]) : 512;

    long started = System.nanoTime();
    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
            .setConfig(HttpConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, false)
            .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
            .setConfig(GraphDatabaseSettings.udc_enabled, false)
            // Bolt waits 5 s twice on shutdown for clients that are already gone; a local,
            // single-user database checkpoints in milliseconds, so stop promptly instead.
            .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500))
            .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(500))
            .build();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("DOSSIER_NEO4J_STOPPING");
                  dbms.shutdown();
                  stopped.countDown();
                },
                "neo4j-shutdown"));

    if (exitOnStdinEof) {
      Thread watcher =
          new Thread(
              () -> {
                try {
                  while (System.in.read() != -1) {
                    // The parent writes nothing; we only wait for the pipe to close.
                  }
                } catch (IOException ignored) {
                  // A broken pipe means the parent is gone, same as end of input.
                }
                System.exit(0);
              },
              "parent-watcher");
      watcher.setDaemon(true);
      watcher.start();
    }

    GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    if (!db.isAvailable(Duration.ofMinutes(2).toMillis())) {
      System.err.println("Neo4j did not become available within 2 minutes");
      System.exit(1);
    }
    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    System.out.println(READY_LINE + " bolt://127.0.0.1:" + port + " in " + millis + " ms");
    System.out.flush();
    stopped.await();
  }
}
