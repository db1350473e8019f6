package dev.lifeboat.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL cluster on this machine, for the {@code demo} command and for tests.
 *
 * <p>The server listens on 127.0.0.1 only, with password (SCRAM) authentication over TCP. Local
 * socket connections are trusted, so the socket lives in a directory only the cluster user can
 * enter. PostgreSQL refuses to run as root; when we are root the cluster's directory is handed to
 * the {@code postgres} user (or {@code nobody}) and every server program runs as that user through
 * {@code setpriv}, which execs, so the {@link Process} we hold is the postmaster itself.
 *
 * <p>Layout of {@link Options#directory()}: {@code data/} (the cluster), {@code socket/} and
 * {@code postgres.log} (the server's output).
 */
public final class LocalCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  // initdb on a slow disk without --no-sync can take a while; a hang should still end.
  private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final int PORT_ATTEMPTS = 3;
  // sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
  private static final int MAX_SOCKET_PATH_BYTES = 107;
  private static final String SOCKET_FILE_NAME = ".s.PGSQL.65535";
  private static final int LOG_TAIL_LINES = 30;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

  private final Options options;
  private final ServerUser user;
  private final int port;
  private final Process process;
  private boolean closed;

  private LocalCluster(Options options, ServerUser user, int port, Process process) {
    this.options = options;
    this.user = user;
    this.port = port;
    this.process = process;
  }

  /**
   * What to start and where.
   *
   * @param installation the binaries; they must include initdb, postgres and pg_ctl
   * @param directory the cluster's own directory (created if missing); must not hold a
   *     {@code data/} directory yet
   * @param superuser the superuser initdb creates
   * @param password that superuser's password, one line
   * @param fast trade durability for speed (no fsync): for throwaway clusters only
   * @param deleteOnClose whether {@link #close()} deletes {@code directory} entirely
   */
  public record Options(
      ServerBinaries installation,
      Path directory,
      String superuser,
      String password,
      boolean fast,
      boolean deleteOnClose) {

    public Options {
      Objects.requireNonNull(installation, "installation");
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(superuser, "superuser");
      Objects.requireNonNull(password, "password");
      directory = directory.toAbsolutePath().normalize();
      if (superuser.isBlank() || superuser.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("The superuser name must not be blank.");
      }
      // initdb reads only the first line of --pwfile.
      if (password.isEmpty() || password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("The superuser password must be one non-empty line.");
      }
    }

    /**
     * A fast cluster under {@code directory} that is deleted on close, run by {@code installation}'s
     * server, with superuser {@code lifeboat} and a random password.
     */
    public static Options throwaway(Path directory, ServerBinaries installation) {
      return new Options(installation, directory, "lifeboat", randomPassword(), true, true);
    }

    public Path dataDir() {
      return directory.resolve("data");
    }

    public Path socketDir() {
      return directory.resolve("socket");
    }

    public Path logFile() {
      return directory.resolve("postgres.log");
    }

    @Override
    public String toString() {
      // Options end up in logs and exception messages; the password must not.
      return "Options[installation=" + installation + ", directory=" + directory
          + ", superuser=" + superuser + ", password=***, fast=" + fast
          + ", deleteOnClose=" + deleteOnClose + "]";
    }

    private static String randomPassword() {
      byte[] bytes = new byte[18];
      new SecureRandom().nextBytes(bytes);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
  }

  /**
   * Creates the cluster with initdb, starts the server on a free port and waits until it accepts
   * connections. With {@code deleteOnClose}, a failed start deletes what it created.
   *
   * @throws ClusterException if any step fails; the message includes the server log's tail
   */
  public static LocalCluster start(Options options) {
    ServerUser user = ServerUser.current();
    prepareDirectory(options, user);
    boolean started = false;
    try {
      initdb(options, user);
      LocalCluster cluster = launchOnFreePort(options, user);
      started = true;
      LOG.info("PostgreSQL {} started on {}:{} in {} (running as {})",
          options.installation().version(), HOST, cluster.port, options.directory(), user.name());
      return cluster;
    } finally {
      if (!started && options.deleteOnClose()) {
        deleteQuietly(options.directory());
      }
    }
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return port;
  }

  public String superuser() {
    return options.superuser();
  }

  public String password() {
    return options.password();
  }

  public int majorVersion() {
    return options.installation().major();
  }

  public ServerBinaries installation() {
    return options.installation();
  }

  /** The cluster's own directory: data, socket and server log. */
  public Path directory() {
    return options.directory();
  }

  public Path logFile() {
    return options.logFile();
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** A URL without credentials; connect with {@link #superuser()} and {@link #password()}. */
  public String jdbcUrl(String database) {
    // pgjdbc URL-decodes the database name, so any name survives the round trip.
    return "jdbc:postgresql://" + HOST + ":" + port + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8);
  }

  /** A new connection as the superuser; the caller closes it. */
  public Connection connect(String database) throws SQLException {
    return open(jdbcUrl(database), options.superuser(), options.password(), false);
  }

  public void createDatabase(String name) {
    executeAsSuperuser("CREATE DATABASE " + quoteIdentifier(name),
        "Could not create database " + name);
  }

  /** Drops the database if it exists, disconnecting its sessions first where the server can. */
  public void dropDatabase(String name) {
    String force = majorVersion() >= 13 ? " WITH (FORCE)" : "";
    executeAsSuperuser("DROP DATABASE IF EXISTS " + quoteIdentifier(name) + force,
        "Could not drop database " + name);
  }

  /**
   * Stops the server (fast mode: open sessions are disconnected). Kills it if it does not stop in
   * time. Does nothing if it is not running.
   */
  public synchronized void stop() {
    if (!process.isAlive()) {
      return;
    }
    try {
      List<String> command = List.of(installation().tool("pg_ctl").toString(), "stop",
          "-D", options.dataDir().toString(), "-m", "fast", "-w",
          "-t", Long.toString(STOP_TIMEOUT.toSeconds()));
      Result result =
          exec(user.command(command), options.directory(), STOP_TIMEOUT.multipliedBy(2));
      if (result.exitCode() != 0) {
        LOG.warn("pg_ctl stop failed (exit {}): {}", result.exitCode(), result.output().strip());
      }
    } catch (RuntimeException e) {
      // The binaries' own lookup may fail in its caller's terms; stopping goes on regardless.
      LOG.warn("Could not run pg_ctl stop: {}", e.getMessage());
    }
    if (!awaitExit(process, Duration.ofSeconds(10))) {
      LOG.warn("PostgreSQL on port {} did not stop; killing it", port);
      process.destroyForcibly();
      awaitExit(process, Duration.ofSeconds(10));
    }
  }

  /** Stops the server and, with {@code deleteOnClose}, deletes its directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop();
    if (options.deleteOnClose()) {
      deleteRecursively(options.directory());
    }
  }

  /**
   * A thread that closes this cluster, for {@link Runtime#addShutdownHook}: nothing is registered
   * here because only the caller knows whether the cluster should outlive it.
   */
  public Thread shutdownHook() {
    return new Thread(() -> {
      try {
        close();
      } catch (RuntimeException e) {
        LOG.warn("Could not close the local PostgreSQL in {}: {}", directory(), e.getMessage());
      }
    }, "lifeboat-local-postgres-" + port);
  }

  @Override
  public String toString() {
    return "LocalCluster[PostgreSQL " + installation().version() + " on " + HOST + ":" + port
        + " in " + directory() + "]";
  }

  /** An SQL identifier in double quotes, inner double quotes doubled. */
  static String quoteIdentifier(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("Not a valid PostgreSQL name: \"" + name + "\"");
    }
    // PostgreSQL silently truncates longer names, so a later DROP would miss the object.
    if (name.getBytes(StandardCharsets.UTF_8).length > 63) {
      throw new IllegalArgumentException(
          "PostgreSQL names are at most 63 bytes; \"" + name + "\" is longer.");
    }
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private void executeAsSuperuser(String sql, String failure) {
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new ClusterException(
          failure + " on the local PostgreSQL at " + HOST + ":" + port + ": " + e.getMessage(), e);
    }
  }

  // ---- starting ----

  private static void prepareDirectory(Options options, ServerUser user) {
    Path directory = options.directory();
    ServerBinaries installation = options.installation();
    installation.tool("initdb");
    installation.tool("pg_ctl");
    user.requireAccess(installation.tool("postgres"), false);
    if (Files.exists(options.dataDir())) {
      throw new ClusterException(options.dataDir() + " already exists. A local cluster always"
          + " starts from a fresh initdb: delete that directory or choose another one.");
    }
    int socketPathBytes = options.socketDir().resolve(SOCKET_FILE_NAME).toString()
        .getBytes(StandardCharsets.UTF_8).length;
    if (socketPathBytes > MAX_SOCKET_PATH_BYTES) {
      throw new ClusterException("The path " + directory + " is too long for PostgreSQL's socket"
          + " (Unix socket paths are limited to " + MAX_SOCKET_PATH_BYTES + " bytes):"
          + " choose a shorter directory.");
    }
    try {
      // Checked before creating anything, so a refusal leaves nothing behind.
      Files.createDirectories(directory.getParent());
      user.requireAccess(directory.getParent(), false);
      Files.createDirectories(directory);
      Files.setPosixFilePermissions(directory, OWNER_ONLY);
      user.own(directory);
      Files.createDirectories(options.socketDir());
      Files.setPosixFilePermissions(options.socketDir(), OWNER_ONLY);
      user.own(options.socketDir());
    } catch (IOException e) {
      throw new ClusterException("Could not prepare " + directory + " for a local PostgreSQL: "
          + e.getMessage(), e);
    }
    user.requireAccess(directory, true);
  }

  private static void initdb(Options options, ServerUser user) {
    ServerBinaries installation = options.installation();
    Path pwfile = options.directory().resolve("superuser-password");
    try {
      // Created unreadable to others, then handed over: the password is never world-readable.
      Files.createFile(pwfile, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
      Files.writeString(pwfile, options.password() + "\n", StandardCharsets.UTF_8);
      user.own(pwfile);
    } catch (IOException e) {
      throw new ClusterException("Could not write the password file " + pwfile + ": "
          + e.getMessage(), e);
    }
    // SCRAM is the default password hashing from PostgreSQL 14; older servers store md5 hashes.
    String hostAuth = installation.major() >= 14 ? "scram-sha-256" : "md5";
    List<String> command = new ArrayList<>(List.of(
        installation.tool("initdb").toString(),
        "-D", options.dataDir().toString(),
        "--username=" + options.superuser(),
        "--pwfile=" + pwfile,
        "--encoding=UTF8",
        "--locale=C",
        "--auth-local=trust",
        "--auth-host=" + hostAuth));
    if (options.fast() && installation.major() >= 10) {
      command.add("--no-sync");
    }
    try {
      Result result = exec(user.command(command), options.directory(), TOOL_TIMEOUT);
      if (result.exitCode() != 0) {
        throw new ClusterException("initdb " + installation.version() + " failed (exit "
            + result.exitCode() + ") for " + options.dataDir() + ":\n" + tail(result.output()));
      }
    } finally {
      try {
        Files.deleteIfExists(pwfile);
      } catch (IOException e) {
        LOG.warn("Could not delete the password file {}: {}", pwfile, e.toString());
      }
    }
  }

  private enum Startup { READY, PORT_TAKEN }

  private static LocalCluster launchOnFreePort(Options options, ServerUser user) {
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      long logStart = sizeOf(options.logFile());
      Process process = launch(options, user, port);
      // Another program can take the port between our probe and the server's bind: retry.
      if (awaitReady(options, process, port, logStart) == Startup.READY) {
        return new LocalCluster(options, user, port, process);
      }
      if (attempt == PORT_ATTEMPTS) {
        throw new ClusterException("PostgreSQL could not bind a free port on " + HOST + " after "
            + PORT_ATTEMPTS + " attempts. Server log " + options.logFile() + " ends with:\n"
            + logTail(options.logFile()));
      }
      LOG.info("Port {} was taken before PostgreSQL could bind it; trying another", port);
    }
  }

  private static Process launch(Options options, ServerUser user, int port) {
    // The server is started directly, not through pg_ctl -o, whose options are a shell string.
    List<String> command = new ArrayList<>(List.of(
        options.installation().tool("postgres").toString(),
        "-D", options.dataDir().toString(),
        "-p", Integer.toString(port),
        "-k", options.socketDir().toString(),
        "-c", "listen_addresses=" + HOST));
    if (options.fast()) {
      command.addAll(List.of(
          "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
    }
    ProcessBuilder builder = builder(user.command(command), options.directory())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(options.logFile().toFile()));
    try {
      return builder.start();
    } catch (IOException e) {
      throw cannotRun(builder.command(), e);
    }
  }

  private static Startup awaitReady(Options options, Process process, int port, long logStart) {
    String url = "jdbc:postgresql://" + HOST + ":" + port + "/postgres";
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    SQLException last = null;
    try {
      while (true) {
        if (!process.isAlive()) {
          String log = readFrom(options.logFile(), logStart);
          if (log.contains("Address already in use")) {
            return Startup.PORT_TAKEN;
          }
          throw new ClusterException("PostgreSQL " + options.installation().version()
              + " exited during startup (exit " + process.exitValue() + "). Server log "
              + options.logFile() + " ends with:\n" + tail(log));
        }
        try (Connection connection = open(url, options.superuser(), options.password(), true)) {
          if (connection.isValid(5)) {
            return Startup.READY;
          }
        } catch (SQLException e) {
          // 28xxx: the server is up but refuses our credentials; waiting will not help.
          if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
            kill(process);
            throw new ClusterException("PostgreSQL on " + HOST + ":" + port
                + " refused the superuser's password: " + e.getMessage(), e);
          }
          last = e;
        }
        if (Instant.now().isAfter(deadline)) {
          kill(process);
          throw new ClusterException("PostgreSQL did not accept connections on " + HOST + ":"
              + port + " within " + START_TIMEOUT.toSeconds() + " s (last error: "
              + (last == null ? "none" : last.getMessage()) + "). Server log "
              + options.logFile() + " ends with:\n" + logTail(options.logFile()));
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new ClusterException("Interrupted while waiting for PostgreSQL to start.", e);
    } catch (RuntimeException e) {
      if (process.isAlive()) {
        kill(process);
      }
      throw e;
    }
  }

  private static Connection open(String url, String user, String password, boolean probing)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", probing ? "2" : "10");
    if (probing) {
      properties.setProperty("loginTimeout", "5");
    }
    return DriverManager.getConnection(url, properties);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new ClusterException("Could not find a free TCP port on " + HOST + ": "
          + e.getMessage(), e);
    }
  }

  /** Stops a server that never became usable; SIGTERM first so it can remove its lock file. */
  private static void kill(Process process) {
    process.destroy();
    if (!awaitExit(process, Duration.ofSeconds(5))) {
      process.destroyForcibly();
      awaitExit(process, Duration.ofSeconds(5));
    }
  }

  private static boolean awaitExit(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  // ---- running programs ----

  private record Result(int exitCode, String output) {}

  private static ProcessBuilder builder(List<String> command, Path workingDirectory) {
    ProcessBuilder builder = new ProcessBuilder(command);
    // The cluster user may not be able to enter our working directory (e.g. /root).
    builder.directory(workingDirectory.toFile());
    Map<String, String> environment = builder.environment();
    // PGDATA, PGPORT and friends from the caller's shell must not redirect the server tools,
    // and the server has no business seeing Lifeboat's chat tokens and target passwords.
    environment.keySet().retainAll(Set.of("PATH", "HOME", "TMPDIR", "TZ", "LD_LIBRARY_PATH"));
    environment.put("LC_ALL", "C");
    return builder;
  }

  /** Runs a program to completion, output and errors together in one string. */
  private static Result exec(List<String> command, Path workingDirectory, Duration timeout) {
    Path output = null;
    try {
      // A file, not a pipe: nothing to drain, and a hung program cannot block us past the timeout.
      output = Files.createTempFile("lifeboat-pg", ".out");
      ProcessBuilder builder = builder(command, workingDirectory)
          .redirectErrorStream(true)
          .redirectOutput(output.toFile());
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw cannotRun(command, e);
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new ClusterException(String.join(" ", command) + " did not finish within "
            + timeout.toSeconds() + " s.");
      }
      return new Result(process.exitValue(),
          new String(Files.readAllBytes(output), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ClusterException("Could not run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("Interrupted while running " + command.get(0) + ".", e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a leftover temp file is harmless
        }
      }
    }
  }

  private static ClusterException cannotRun(List<String> command, IOException e) {
    if (command.get(0).equals("setpriv")) {
      return new ClusterException("PostgreSQL refuses to run as root, and setpriv, which Lifeboat"
          + " uses to run it as another user, is missing: apt-get install -y util-linux", e);
    }
    return new ClusterException("Could not run " + command.get(0) + ": " + e.getMessage(), e);
  }

  /**
   * The user the server runs as: ourselves, or, when we are root, an unprivileged system user.
   *
   * @param switches whether programs must be started through setpriv as this user
   */
  private record ServerUser(String name, int uid, int gid, boolean switches) {

    static ServerUser current() {
      int euid = effectiveUid();
      if (euid != 0) {
        return new ServerUser(System.getProperty("user.name"), euid, -1, false);
      }
      for (String candidate : List.of("postgres", "nobody")) {
        Optional<ServerUser> user = lookUp(candidate);
        if (user.isPresent()) {
          return user.get();
        }
      }
      throw new ClusterException("PostgreSQL refuses to run as root, and there is neither a"
          + " 'postgres' nor a 'nobody' user to run it as. Create one with:"
          + " useradd --system --user-group postgres");
    }

    List<String> command(List<String> command) {
      if (!switches) {
        return command;
      }
      List<String> wrapped = new ArrayList<>(List.of(
          "setpriv", "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--"));
      wrapped.addAll(command);
      return wrapped;
    }

    void own(Path path) throws IOException {
      if (switches) {
        Files.setAttribute(path, "unix:uid", uid);
        Files.setAttribute(path, "unix:gid", gid);
      }
    }

    /** Asks the kernel, as this user, whether it can reach {@code path}; fails if not. */
    void requireAccess(Path path, boolean write) {
      if (!switches) {
        return;
      }
      String mode = write ? "-w" : "-x";
      Result result = exec(command(List.of("test", mode, path.toString())), Path.of("/"),
          Duration.ofSeconds(15));
      if (result.exitCode() == 0) {
        return;
      }
      Path blocked = firstBlocked(path);
      String fix;
      if (!blocked.equals(path)) {
        fix = "chmod o+x " + blocked;
      } else {
        fix = write ? "chown " + name + " " + path : "chmod o+rx " + path;
      }
      throw new ClusterException("PostgreSQL refuses to run as root, so Lifeboat runs it as user '"
          + name + "', who cannot " + (write ? "write to " : "reach ") + path
          + (blocked.equals(path) ? "" : " because " + blocked + " is not searchable by that user")
          + ". Use a directory that user can reach (for example under /tmp or /var/tmp), or"
          + " allow it: " + fix
          + (result.output().isBlank() ? "" : "\n" + result.output().strip()));
    }

    /** The first directory on the way to {@code path} that this user may not search. */
    private Path firstBlocked(Path path) {
      Path current = path.getRoot();
      for (Path part : path) {
        if (current == null) {
          break;
        }
        try {
          int mode = (Integer) Files.getAttribute(current, "unix:mode");
          int owner = (Integer) Files.getAttribute(current, "unix:uid");
          int group = (Integer) Files.getAttribute(current, "unix:gid");
          // Only the first matching class counts: an owner without x is refused outright.
          int searchBit = owner == uid ? 0100 : group == gid ? 0010 : 0001;
          if ((mode & searchBit) == 0) {
            return current;
          }
        } catch (IOException | RuntimeException e) {
          return current;
        }
        current = current.resolve(part);
      }
      return path;
    }

    private static Optional<ServerUser> lookUp(String name) {
      Result result = exec(List.of("getent", "passwd", name), Path.of("/"), Duration.ofSeconds(15));
      String[] fields = result.output().strip().split(":");
      if (result.exitCode() != 0 || fields.length < 4) {
        return Optional.empty();
      }
      try {
        int uid = Integer.parseInt(fields[2]);
        int gid = Integer.parseInt(fields[3]);
        return uid == 0 ? Optional.empty() : Optional.of(new ServerUser(name, uid, gid, true));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    /** From /proc (Linux); {@code id -u} elsewhere. */
    private static int effectiveUid() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith("Uid:")) {
            return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("Could not read /proc/self/status: {}", e.toString());
      }
      Result result = exec(List.of("id", "-u"), Path.of("/"), Duration.ofSeconds(15));
      try {
        return Integer.parseInt(result.output().strip());
      } catch (NumberFormatException e) {
        throw new ClusterException("Could not tell which user Lifeboat runs as: 'id -u' printed "
            + result.output().strip(), e);
      }
    }
  }

  // ---- files ----

  private static long sizeOf(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static String readFrom(Path file, long offset) {
    try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ)) {
      long size = channel.size();
      long start = Math.min(offset, size);
      // Cap what we read: the log of a failing server is what we want, not a huge history.
      start = Math.max(start, size - 1_000_000);
      channel.position(start);
      ByteBuffer buffer = ByteBuffer.allocate((int) (size - start));
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // keep reading
      }
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(could not read " + file + ": " + e.getMessage() + ")";
    }
  }

  private static String logTail(Path logFile) {
    return tail(readFrom(logFile, 0));
  }

  private static String tail(String text) {
    List<String> lines = text.strip().lines().toList();
    if (lines.isEmpty()) {
      return "(nothing)";
    }
    return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES),
        lines.size()));
  }

  private static void deleteRecursively(Path directory) {
    IOException last = null;
    // A killed server's backends may still be writing for a moment; try again briefly.
    for (int attempt = 0; attempt < 3; attempt++) {
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
        return;
      } catch (NoSuchFileException e) {
        return;
      } catch (IOException e) {
        last = e;
        try {
          Thread.sleep(200);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    throw new ClusterException("Could not delete the local PostgreSQL directory " + directory
        + " (" + last + "); delete it by hand.", last);
  }

  private static void deleteQuietly(Path directory) {
    try {
      deleteRecursively(directory);
    } catch (ClusterException e) {
      LOG.warn(e.getMessage());
    }
  }
}
