package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.access.Person;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.config.SecretFiles;
import dev.lifeboat.run.Origin;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serve's side of a handoff ({@link HandoffClient}): a socket only its own user can reach,
 * on which a command line hands over {@code backup now}, {@code verify} or {@code drill}. The
 * command is parsed and run here by the same code as in its own process, with the caller's
 * arguments, working directory and environment, and prints to the caller's stdout and stderr.
 * It is declined, and runs in the caller's process instead, when the caller's setup differs
 * ({@link ServeSetup}) or when it ends before starting a run (a usage or configuration error
 * is then reported by the caller itself, word for word as without a serve).
 */
final class HandoffServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HandoffServer.class);
  /** How long closing waits for handed commands to deliver their final output. */
  private static final long CLOSE_MILLIS = 10_000;

  private final Lifeboat lifeboat;
  private final ServeSetup setup;
  private final ServerSocketChannel server;
  private final Path socket;
  private final Set<Thread> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong handed = new AtomicLong();
  private final AtomicLong opened = new AtomicLong();
  private final Thread acceptor;

  private HandoffServer(Lifeboat lifeboat, ServeSetup setup, ServerSocketChannel server,
      Path socket) {
    this.lifeboat = lifeboat;
    this.setup = setup;
    this.server = server;
    this.socket = socket;
    this.acceptor = new Thread(this::acceptAll, "lifeboat-handoff");
    acceptor.setDaemon(true);
  }

  /**
   * Listens in {@link ServeSockets#directory}; empty (and a warning in the log) when that
   * directory is not safe or the socket cannot be made: commands then run in their own process.
   */
  static Optional<HandoffServer> start(Lifeboat lifeboat, ServeSetup setup,
      Map<String, String> environment) {
    Path dir = ServeSockets.directory(environment);
    try {
      if (!ServeSockets.prepare(dir)) {
        LOG.warn("Commands typed on this machine run in their own process: {} is not a "
            + "directory that only {} can use (owner, mode 700), so this serve does not "
            + "listen there.", dir, System.getProperty("user.name"));
        return Optional.empty();
      }
      removeDead(dir);
      Path socket = ServeSockets.own(dir);
      Files.deleteIfExists(socket);
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
      HandoffServer handoff = new HandoffServer(lifeboat, setup, server, socket);
      handoff.acceptor.start();
      return Optional.of(handoff);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Commands typed on this machine run in their own process: cannot listen in "
          + "{} ({}).", dir, e.toString());
      return Optional.empty();
    }
  }

  /** Sockets left by serves that were killed: their process is gone. */
  private static void removeDead(Path dir) {
    for (Path s : ServeSockets.all(dir)) {
      boolean alive = ServeSockets.pid(s).flatMap(ProcessHandle::of)
          .map(ProcessHandle::isAlive).orElse(false);
      if (!alive) {
        try {
          Files.deleteIfExists(s);
        } catch (IOException e) {
          // another serve removed it meanwhile
        }
      }
    }
  }

  private void acceptAll() {
    while (server.isOpen()) {
      try {
        SocketChannel channel = server.accept();
        Thread t = new Thread(() -> {
          try {
            serve(channel);
          } finally {
            connections.remove(Thread.currentThread());
          }
        }, "lifeboat-handoff-" + handed.incrementAndGet());
        t.setDaemon(true);
        connections.add(t);
        t.start();
      } catch (IOException e) {
        return;   // closed: no more commands
      }
    }
  }

  private void serve(SocketChannel channel) {
    try (channel) {
      DataInputStream in = new DataInputStream(
          new java.io.BufferedInputStream(Channels.newInputStream(channel)));
      DataOutputStream out = new DataOutputStream(
          new java.io.BufferedOutputStream(Channels.newOutputStream(channel)));
      HandoffFrames.Request request = HandoffFrames.readRequest(in);
      String peer = channel.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName();
      if (!peer.equals(System.getProperty("user.name"))) {
        HandoffFrames.writeString(out, HandoffFrames.DECLINED, "another user");
        return;
      }
      Handed caller = new Handed(request, peer, in, out);
      List<String> args = request.args();
      Optional<Object> command = command(caller, args);
      if (command.isEmpty()) {
        caller.finish(0);   // not one the command line offers: declined
        return;
      }
      picocli.CommandLine cli = new picocli.CommandLine(command.get());
      cli.setExecutionExceptionHandler(Main::problem);
      cli.setOut(new PrintWriter(caller.out(), true));
      cli.setErr(new PrintWriter(caller.err(), true));
      int words = args.get(0).equals("backup") ? 2 : 1;
      int exit = cli.execute(args.subList(words, args.size()).toArray(String[]::new));
      caller.finish(exit);
    } catch (IOException | RuntimeException e) {
      LOG.debug("A command handed to this serve ended early: {}", e.toString());
    }
  }

  /**
   * The command object for {@code args}, as {@link HandoffClient#handed} offers them: only that
   * command's model is built (the whole one costs 16 ms), and a usage error declines the
   * command, so the caller reports it with the whole model, word for word.
   */
  private static Optional<Object> command(Invocation caller, List<String> args) {
    if (!HandoffClient.handed(args.toArray(String[]::new))) {
      return Optional.empty();
    }
    return Optional.of(switch (args.get(0)) {
      case "backup" -> new BackupCommand.Now(caller);
      case "verify" -> new VerifyCommand(caller);
      default -> new DrillCommand(caller);
    });
  }

  /** No more commands; those under way go on. */
  void stopAccepting() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      LOG.debug("Could not remove {}: {}", socket, e.toString());
    }
  }

  /** After the runs: waits a little for the handed commands to send their final lines. */
  @Override
  public void close() {
    stopAccepting();
    long deadline = System.currentTimeMillis() + CLOSE_MILLIS;
    for (Thread t : Set.copyOf(connections)) {
      try {
        t.join(Math.max(1, deadline - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** A command line's command, run here: its streams go back over the socket once accepted. */
  private final class Handed implements Invocation {
    private final HandoffFrames.Request request;
    private final String user;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final Map<String, String> environment;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private volatile boolean accepted;
    private volatile String declined = "it ended before starting a run";

    Handed(HandoffFrames.Request request, String user, DataInputStream in,
        DataOutputStream out) {
      this.request = request;
      this.user = user;
      this.in = in;
      this.out = out;
      this.environment = SecretFiles.expand(request.environment());
      // Buffered, flushed at each line: a line is one frame, not one for its text and one for
      // its line break.
      this.stdout = new PrintStream(new java.io.BufferedOutputStream(new Relay(HandoffFrames.OUT)),
          true, StandardCharsets.UTF_8);
      this.stderr = new PrintStream(new java.io.BufferedOutputStream(new Relay(HandoffFrames.ERR)),
          true, StandardCharsets.UTF_8);
    }

    @Override
    public PrintStream out() {
      return stdout;
    }

    @Override
    public PrintStream err() {
      return stderr;
    }

    @Override
    public Map<String, String> environment() {
      return environment;
    }

    @Override
    public Path resolve(Path path) {
      return Path.of(request.workingDirectory()).resolve(path).toAbsolutePath().normalize();
    }

    @Override
    public Person operator() {
      return BackupCommand.operator(user);
    }

    @Override
    public HeadlessRun open(LifeboatConfig config) {
      Optional<String> why = setup.differs(config, environment);
      if (why.isPresent()) {
        declined = why.get();
        throw new IllegalStateException("handed back: " + declined);
      }
      try {
        synchronized (out) {
          out.writeByte(HandoffFrames.ACCEPTED);
          out.writeLong(ProcessHandle.current().pid());
          out.flush();
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("the command line went away", e);
      }
      accepted = true;
      long n = opened.incrementAndGet();
      HeadlessRun headless = HeadlessRun.within(lifeboat, this,
          new Origin("cli", "handoff-" + ProcessHandle.current().pid() + "-" + n, ""));
      Thread stops = new Thread(() -> awaitStop(headless), Thread.currentThread().getName()
          + "-stop");
      stops.setDaemon(true);
      stops.start();
      return headless;
    }

    /** The caller's stop (a signal there), or the caller gone: the run is cancelled. */
    private void awaitStop(HeadlessRun headless) {
      String by;
      try {
        byte type = in.readByte();
        by = type == HandoffFrames.CANCEL ? HandoffFrames.readString(in) : "the command line";
      } catch (IOException e) {
        by = "the command line going away";
      }
      headless.cancel(by);
    }

    void finish(int exit) throws IOException {
      stdout.flush();
      stderr.flush();
      if (accepted) {
        synchronized (out) {
          HandoffFrames.writeInt(out, HandoffFrames.EXIT, exit);
        }
      } else {
        LOG.info("A command handed to this serve runs in its own process instead: {}.",
            declined);
        synchronized (out) {
          HandoffFrames.writeString(out, HandoffFrames.DECLINED, declined);
        }
      }
    }

    /** Output after acceptance, as frames; before it, nothing: the caller runs it again. */
    private final class Relay extends OutputStream {
      private final byte type;

      Relay(byte type) {
        this.type = type;
      }

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (!accepted || len == 0) {
          return;
        }
        synchronized (out) {
          HandoffFrames.writeBytes(out, type, b, off, len);
        }
      }
    }
  }
}
