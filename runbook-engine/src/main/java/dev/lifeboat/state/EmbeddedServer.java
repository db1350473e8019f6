package dev.lifeboat.state;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * How several Lifeboat processes on one host share the embedded database safely. H2's automatic
 * server mode lets the first process that opens the file serve it to the others over TCP; by
 * itself that port listens on every interface, guarded by a key in a world-readable lock file
 * and an empty password. Here it listens on 127.0.0.1 only, and the database user has a
 * generated password kept in a file only Lifeboat's user can read.
 */
final class EmbeddedServer {
  static final String USER = "lifeboat";
  /** H2 reads it once, when its first class loads: it must be set before any connection. */
  private static final String BIND_ADDRESS = "h2.bindAddress";
  /** Lock file being written or served by a process that is just exiting: try again. */
  private static final Set<Integer> BUSY = Set.of(8000, 90020, 90067);
  private static final int WRONG_PASSWORD = 28000;
  private static final long RETRY_FOR_MS = 15_000;

  private EmbeddedServer() {}

  /**
   * Makes H2's server listen on the loopback interface. This is a process-wide setting, so it
   * is made once, here, and a different value set by someone else is refused.
   */
  static synchronized void loopbackOnly() {
    String current = System.getProperty(BIND_ADDRESS);
    if (current == null) {
      System.setProperty(BIND_ADDRESS, "127.0.0.1");
    } else if (!current.equals("127.0.0.1") && !current.equals("localhost")) {
      throw new LifeboatException("The JVM option -D" + BIND_ADDRESS + "=" + current + " would "
          + "let other hosts reach the state database; remove it (Lifeboat serves the embedded "
          + "database on 127.0.0.1 only).");
    }
    // H2 read the property when its classes loaded; if something loaded them before us, the
    // setting came too late and the server would listen everywhere: refuse rather than expose.
    if (org.h2.engine.SysProperties.BIND_ADDRESS == null) {
      throw new LifeboatException("The embedded state database would listen on every network "
          + "interface (H2 was loaded before Lifeboat could restrict it). Start the JVM with "
          + "-D" + BIND_ADDRESS + "=127.0.0.1, or use a PostgreSQL state database.");
    }
  }

  /**
   * The database password, generated on first use into {@code <path>.secret} (mode 0600). Two
   * processes starting at once agree: the file appears whole or not at all (a hard link of a
   * finished temporary file), and whoever loses the race reads the winner's.
   */
  static Secret secret(Path path) {
    Path file = Path.of(path + ".secret");
    try {
      if (!Files.exists(file)) {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        Path temporary = Files.createTempFile(file.getParent(), ".secret-", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
          Files.writeString(temporary, HexFormat.of().formatHex(bytes));
          Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException lostTheRace) {
          // the other process's secret is the one
        } finally {
          Files.deleteIfExists(temporary);
        }
      }
      return Secret.of(Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString());
    } catch (IOException | UnsupportedOperationException e) {
      throw new LifeboatException("Cannot read or create the state database's password file "
          + file + ": " + e.getMessage() + ". Lifeboat's user must be able to write the state "
          + "directory.", e);
    }
  }

  /** Tightens a file or directory to its owner, where the file system knows permissions. */
  static void ownerOnly(Path path, String permissions) {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (IOException | UnsupportedOperationException e) {
      // not a POSIX file system, or not ours: the password still guards the server
    }
  }

  interface Opener {
    Connection open() throws SQLException;
  }

  /**
   * Opens a connection, waiting out the moments when another process holds the lock file while
   * it starts or stops serving. A database made before passwords (empty password) gets one.
   */
  static Connection connectWithRetry(Opener opener, Function<SQLException, LifeboatException>
      failure, Path path, Properties properties) {
    long deadline = System.nanoTime() + RETRY_FOR_MS * 1_000_000;
    for (int attempt = 1; ; attempt++) {
      try {
        return opener.open();
      } catch (SQLException e) {
        if (e.getErrorCode() == WRONG_PASSWORD && attempt == 1 && setPassword(path, properties)) {
          continue;
        }
        if (!BUSY.contains(e.getErrorCode()) || System.nanoTime() > deadline) {
          throw failure.apply(e);
        }
      }
      try {
        // Spread out, so processes that collided once do not collide again.
        Thread.sleep(20L * Math.min(attempt, 10) + ThreadLocalRandom.current().nextLong(50));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LifeboatException("Interrupted while opening the state database.", e);
      }
    }
  }

  /** Gives a database from before generated passwords its password; false if it had one. */
  private static boolean setPassword(Path path, Properties properties) {
    String url = "jdbc:h2:file:" + path + ";MODE=PostgreSQL;AUTO_SERVER=TRUE;IFEXISTS=TRUE";
    try (Connection c = DriverManager.getConnection(url, USER, "");
        PreparedStatement s = c.prepareStatement("ALTER USER " + USER + " SET PASSWORD ?")) {
      s.setString(1, properties.getProperty("password"));
      s.executeUpdate();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }
}
