package dossier.neo4j;

import inet.ipaddr.IPAddressString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Transaction;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.io.fs.FileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * Neo4j Community embedded, reachable only over Bolt on loopback, with authentication on.
 *
 * <p>Usage: LocalNeo4j DATA_DIR PORT [PAGE_CACHE_MB] [--exit-on-stdin-eof]. The first line of
 * standard input is the password of the user neo4j for this run (never an argument or an
 * environment variable, which other local users can read). Prints one line starting with
 * "DOSSIER_NEO4J_READY" once the default database is available with that password, and shuts
 * down on SIGTERM/SIGINT. With --exit-on-stdin-eof it also shuts down when its standard input
 * closes, so a parent process that dies without cleaning up never leaves a database running.
 */
public final class LocalNeo4j {
  private static final String READY_LINE = "DOSSIER_NEO4J_READY";
  private static final String USER = "neo4j";
  private static final int MIN_PASSWORD_LENGTH = 32;

  private LocalNeo4j() {}

  public static void main(String[] args) throws Exception {
    if (Arrays.stream(args).filter(arg -> !arg.startsWith("--")).count() < 2) {
      System.err.println("usage: LocalNeo4j DATA_DIR PORT [PAGE_CACHE_MB] (password on stdin)");
      System.exit(2);
    }
    boolean exitOnStdinEof = Arrays.asList(args).contains("--exit-on-stdin-eof");
    String[] positional = Arrays.stream(args).filter(arg -> !arg.startsWith("--")).toArray(String[]::new);
    Path home = Path.of(positional[0]).toAbsolutePath();
    int port = Integer.parseInt(positional[1]);
    long pageCacheMb = positional.length > 2 ? Long.parseLong(positional[2]) : 512;

    String password = readFirstLine(System.in);
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      System.err.println(
          "expected the password for user neo4j (at least " + MIN_PASSWORD_LENGTH
              + " characters) on the first line of standard input");
      System.exit(2);
    }

    long started = System.nanoTime();
    Config layout = Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).build();
    boolean freshStore =
        !Files.exists(layout.get(GraphDatabaseInternalSettings.databases_root_path).resolve("system"));
    if (freshStore) {
      // Like `neo4j-admin dbms set-initial-password`: the system database is created with this
      // password, so there is never a moment where neo4j/neo4j lets anyone in.
      writeInitialPassword(layout, password);
    }
    // LOAD CSV may only read below this folder, which stays empty (file URLs are refused anyway).
    Path importDir = Files.createDirectories(home.resolve("import-disabled"));
    Path pluginDir = Files.createDirectories(home.resolve("plugins"));

    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
            .setConfig(HttpConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
            .setConfig(GraphDatabaseSettings.udc_enabled, false)
            // Bolt on loopback is still reachable by every local user and, since Bolt accepts a
            // WebSocket upgrade from any Origin on the same port (no setting turns that off),
            // by any web page open in a local browser. Authentication is the line of defence.
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            // No lock-out: the password is 256 random bits, new at each start, so guessing is
            // hopeless; a lock-out would only let another local process lock our driver out.
            .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
            // Connections that have not authenticated yet: a few seconds, a few bytes, small
            // structures, so idle or oversized unauthenticated clients cannot hold resources.
            .setConfig(BoltConnectorInternalSettings.unsupported_bolt_unauth_connection_timeout, Duration.ofSeconds(5))
            .setConfig(BoltConnectorInternalSettings.unsupported_bolt_unauth_connection_max_inbound_bytes, ByteUnit.kibiBytes(2))
            .setConfig(BoltConnectorInternalSettings.bolt_unauth_connection_max_structure_elements, 32)
            .setConfig(BoltConnectorInternalSettings.bolt_unauth_connection_max_structure_depth, 3)
            // The service never reads files or URLs from Cypher: no LOAD CSV from the disk, and
            // no outgoing connections to any address (LOAD CSV FROM 'http://...').
            .setConfig(GraphDatabaseSettings.allow_file_urls, false)
            .setConfig(GraphDatabaseSettings.load_csv_file_url_root, importDir)
            .setConfig(
                GraphDatabaseInternalSettings.cypher_ip_blocklist,
                List.of(new IPAddressString("0.0.0.0/0"), new IPAddressString("::/0")))
            // No procedures from plugin jars (none are shipped); built-in ones stay available.
            .setConfig(GraphDatabaseSettings.plugin_dir, pluginDir)
            .setConfig(GraphDatabaseSettings.procedure_allowlist, List.of())
            .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of())
            // A backstop for statements sent without a timeout; the service sets its own, shorter
            // ones, which are enforced within a quarter second instead of the default two.
            .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(5))
            .setConfig(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(250))
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
                    // Nothing follows the password; we only wait for the pipe to close.
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
    if (freshStore) {
      // Read once, when the system database was created; the hash of this run's password
      // has no business lying around after that.
      Files.deleteIfExists(CommunitySecurityModule.getInitialUserRepositoryFile(layout));
    } else if (!passwordMatches(dbms, password)) {
      // Through the embedded API, which needs no credentials: the previous run's password
      // (or the neo4j/neo4j of a store made before auth was on) stops working now.
      dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
          .executeTransactionally(
              "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
              Map.of("password", password));
    }
    // The first Cypher statement of a cold JVM loads and warms the query engine for seconds;
    // spent here, the first client (or the health probe after a restart) does not time out on it.
    db.executeTransactionally("RETURN 1");
    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    System.out.println(READY_LINE + " bolt://127.0.0.1:" + port + " in " + millis + " ms");
    System.out.flush();
    stopped.await();
  }

  /**
   * Whether the stored credential of neo4j is already this password (a restart after a crash
   * keeps it). Read through the core API: the first Cypher statement of a cold JVM takes
   * seconds, which a restart should not spend.
   */
  private static boolean passwordMatches(DatabaseManagementService dbms, String password) {
    GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    try (Transaction tx = system.beginTx()) {
      Node user = tx.findNode(Label.label("User"), "name", "neo4j");
      if (user == null) return false;
      Object credentials = user.getProperty("credentials", null);
      boolean changeRequired = Boolean.TRUE.equals(user.getProperty("passwordChangeRequired", false));
      return !changeRequired
          && credentials instanceof String serialized
          && SystemGraphCredential.deserialize(serialized, new SecureHasher())
              .matchesPassword(password.getBytes(StandardCharsets.UTF_8));
    } catch (Exception unreadable) {
      return false;
    }
  }

  /** Reads one line byte by byte, so nothing after it is buffered away from the watcher. */
  private static String readFirstLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int next;
    while ((next = in.read()) != -1 && next != '\n') {
      if (next != '\r') line.write(next);
    }
    if (next == -1 && line.size() == 0) return null;
    return line.toString(StandardCharsets.UTF_8);
  }

  private static void writeInitialPassword(Config layout, String password) throws Exception {
    FileSystemAbstraction fs = new DefaultFileSystemAbstraction();
    Path file = CommunitySecurityModule.getInitialUserRepositoryFile(layout);
    Files.createDirectories(file.getParent());
    if (fs.fileExists(file)) fs.deleteFile(file);
    FileUserRepository users =
        new FileUserRepository(fs, file, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
    users.start();
    try {
      SystemGraphCredential credential =
          SystemGraphCredential.createCredentialForPassword(
              password.getBytes(StandardCharsets.UTF_8), new SecureHasher());
      users.create(new User(USER, null, credential, false, false));
    } finally {
      users.shutdown();
    }
  }
}
