package io.hactl.demo.scheduler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.quartz.Scheduler;
import org.quartz.utils.ConnectionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job store's embedded H2 database, a single file in the spool: created with Quartz's
 * own H2 tables on first use, opened for the life of the scheduler, and handed to Quartz as a small
 * connection pool. It does not keep two processes from writing the file where file locks do not
 * work; hactl does.
 *
 * <ul>
 *   <li>Creation is atomic: the tables are built in a side file that is renamed into place, so the
 *       store file either has all of Quartz's tables or does not exist.
 *   <li>Durability: {@code WRITE_DELAY=0} makes H2 write and fsync its file on every commit (by
 *       default it keeps the last half second of commits in memory, which a {@code kill -9} loses).
 *   <li>Locking: {@code FILE_LOCK=FS} locks the file with an OS lock that dies with the process, so
 *       after a {@code kill -9} the next owner opens it at once; a start that finds it locked
 *       retries for {@code lockWait}. On NFS the lock of a client that was powered off lasts until
 *       the server lets its lease expire (90 s by default on Linux); {@code FILE_LOCK=NO} then
 *       relies on hactl's one-owner guarantee alone.
 *   <li>Interrupts: Quartz 2.5 interrupts its scheduler thread at shutdown, and an interrupt during
 *       a write closes a Java file channel, after which H2 abandons the database; the {@code
 *       retry:} file system reopens the channel and retries instead.
 *   <li>Size: with no background writer ({@code WRITE_DELAY=0}) H2 never compacts an open store, so
 *       the file grows while the scheduler runs; a clean stop rewrites it with {@code SHUTDOWN
 *       COMPACT} (the live data is tens of kilobytes), and {@code MAX_COMPACT_TIME=0} turns off
 *       H2's partial compaction at close, which that replaces.
 *   <li>{@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to the daemon's stop, after Quartz's jobs.
 * </ul>
 */
final class SchedulerStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerStore.class);
  private static final String BASE_NAME = "store";
  private static final String INIT_NAME = "store-init";
  private static final String H2_SUFFIX = ".mv.db";
  private static final String QUARTZ_H2_DDL = "org/quartz/impl/jdbcjobstore/tables_h2.sql";
  private static final Duration LOCK_RETRY = Duration.ofMillis(250);
  private static final int POOL_TIMEOUT_SECONDS = 10;

  private final Path file;
  private final JdbcConnectionPool pool;
  private final Connection holder;

  private SchedulerStore(Path file, JdbcConnectionPool pool, Connection holder) {
    this.file = file;
    this.pool = pool;
    this.holder = holder;
  }

  /**
   * Opens the store in {@code dir}, creating it if absent.
   *
   * @param maxConnections pool size; Quartz wants its thread count plus two
   * @throws DemoSchedulerException if it cannot be created, or is still locked after {@code
   *     lockWait}
   */
  static SchedulerStore open(Path dir, boolean fileLock, Duration lockWait, int maxConnections)
      throws DemoSchedulerException {
    Path file = dir.resolve(BASE_NAME + H2_SUFFIX);
    String options = options(fileLock);
    createIfAbsent(dir, file, options);
    JdbcDataSource source = new JdbcDataSource();
    source.setURL(url(dir.resolve(BASE_NAME), options + ";IFEXISTS=TRUE"));
    source.setUser("sa");
    source.setPassword("");
    Connection holder = openWaitingForLock(source, file, lockWait);
    JdbcConnectionPool pool = JdbcConnectionPool.create(source);
    pool.setMaxConnections(maxConnections);
    pool.setLoginTimeout(POOL_TIMEOUT_SECONDS);
    return new SchedulerStore(file, pool, holder);
  }

  /** Quartz's view of the store; Quartz disposes the pool when its job store shuts down. */
  ConnectionProvider connectionProvider() {
    return new ConnectionProvider() {
      @Override
      public Connection getConnection() throws SQLException {
        return pool.getConnection();
      }

      @Override
      public void shutdown() {
        pool.dispose();
      }

      @Override
      public void initialize() {}
    };
  }

  Path file() {
    return file;
  }

  /**
   * Closes the database, which releases its file lock, compacting the file on the way: the store
   * only grows while it is open (see the class comment). Call after Quartz has shut down.
   */
  @Override
  public void close() throws DemoSchedulerException {
    pool.dispose();
    long t0 = System.nanoTime();
    try (holder;
        Statement statement = holder.createStatement()) {
      statement.execute("SHUTDOWN COMPACT");
      LOG.info(
          "closed and compacted store {} in {} ms", file, (System.nanoTime() - t0) / 1_000_000);
    } catch (SQLException e) {
      throw new DemoSchedulerException("cannot close store " + file + ": " + e.getMessage(), e);
    }
  }

  private static String options(boolean fileLock) {
    return ";FILE_LOCK="
        + (fileLock ? "FS" : "NO")
        + ";WRITE_DELAY=0;MAX_COMPACT_TIME=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000"
        + ";TRACE_LEVEL_FILE=4";
  }

  private static String url(Path base, String options) {
    return "jdbc:h2:file:retry:" + base + options;
  }

  private static Connection openWaitingForLock(JdbcDataSource source, Path file, Duration lockWait)
      throws DemoSchedulerException {
    long deadline = System.nanoTime() + lockWait.toNanos();
    while (true) {
      try {
        return source.getConnection();
      } catch (SQLException e) {
        boolean locked = e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1;
        if (!locked || System.nanoTime() - deadline >= 0) {
          throw new DemoSchedulerException(
              "cannot open store "
                  + file
                  + (locked ? " (still locked after " + lockWait.toMillis() + " ms)" : "")
                  + ": "
                  + e.getMessage(),
              e);
        }
        LOG.warn("store {} is locked by another process; retrying", file);
        pause();
      }
    }
  }

  private static void pause() throws DemoSchedulerException {
    try {
      Thread.sleep(LOCK_RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoSchedulerException("interrupted while waiting for the store's lock", e);
    }
  }

  private static void createIfAbsent(Path dir, Path file, String options)
      throws DemoSchedulerException {
    if (Files.exists(file)) {
      return;
    }
    Path initFile = dir.resolve(INIT_NAME + H2_SUFFIX);
    JdbcDataSource source = new JdbcDataSource();
    source.setURL(url(dir.resolve(INIT_NAME), options));
    source.setUser("sa");
    source.setPassword("");
    try {
      Files.deleteIfExists(initFile);
      try (Connection connection = source.getConnection()) {
        createTables(connection);
      }
      Files.move(initFile, file, StandardCopyOption.ATOMIC_MOVE);
      Fsync.directory(dir);
      LOG.info("created job store {} with Quartz's H2 tables", file);
    } catch (IOException | SQLException e) {
      throw new DemoSchedulerException("cannot create store " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs the H2 DDL that Quartz ships in its jar. */
  private static void createTables(Connection connection) throws IOException, SQLException {
    String script;
    try (InputStream in = Scheduler.class.getClassLoader().getResourceAsStream(QUARTZ_H2_DDL)) {
      if (in == null) {
        throw new IOException("Quartz's jar lacks " + QUARTZ_H2_DDL);
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder sql = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.strip().startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    try (Statement statement = connection.createStatement()) {
      for (String command : sql.toString().split(";")) {
        if (!command.isBlank()) {
          statement.execute(command);
        }
      }
    }
  }
}
