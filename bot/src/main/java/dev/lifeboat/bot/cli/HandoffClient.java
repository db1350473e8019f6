package dev.lifeboat.bot.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The command line's side of a handoff: {@code backup now}, {@code verify} and {@code drill}
 * go to a serve on this machine when one runs on the same configuration, so a cron job does
 * not start a second Lifeboat (JVM, configuration, state database, preflight) for a one-second
 * dump. The run is the serve's, shown in its chats like any run started elsewhere; this process
 * only relays its output and its exit code, and asks the serve to cancel it when stopped.
 * Anything else, or no serve that takes it, and the command runs here as before.
 *
 * <p>Written without lambdas, streams or string concatenation on the way to the serve: each
 * of those links JDK machinery at first use, milliseconds that a one-second backup notices.
 */
final class HandoffClient {
  /** An answer within this long, or the serve is taken as stuck and the command runs here. */
  private static final long ANSWER_MILLIS = 15_000;
  private static final Set<String> LOCAL_ONLY = Set.of("-h", "--help", "-V", "--version");
  /**
   * {@link ExitCode#RUN_FAILED}: this class also runs from the launcher's small jar
   * ({@link HandoffMain}), where ExitCode's engine classes are not.
   */
  static final int RUN_FAILED = 1;

  private HandoffClient() {}

  /** The command's exit code if a serve ran it; empty if it is to run here. */
  static OptionalInt attempt(String[] args) {
    Map<String, String> environment = System.getenv();
    if (!handed(args) || "off".equals(environment.get("LIFEBOAT_HANDOFF"))) {
      return OptionalInt.empty();
    }
    Path dir = ServeSockets.directory(environment);
    if (!ServeSockets.safe(dir)) {
      return OptionalInt.empty();
    }
    HandoffFrames.Request request = new HandoffFrames.Request(List.of(args),
        Path.of("").toAbsolutePath().toString(), environment);
    for (Path socket : ServeSockets.all(dir)) {
      OptionalInt exit = offer(socket, request);
      if (exit.isPresent()) {
        return exit;
      }
    }
    return OptionalInt.empty();
  }

  /** The commands that start a run, unless help or the version is asked for. */
  static boolean handed(String[] args) {
    if (args.length == 0) {
      return false;
    }
    boolean starts = switch (args[0]) {
      case "backup" -> args.length > 1 && args[1].equals("now");
      case "verify", "drill" -> true;
      default -> false;
    };
    if (!starts) {
      return false;
    }
    for (String a : args) {
      if (LOCAL_ONLY.contains(a)) {
        return false;
      }
    }
    return true;
  }

  private static OptionalInt offer(Path socket, HandoffFrames.Request request) {
    SocketChannel channel;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();   // a serve that is gone, or is not listening yet
    }
    try (channel) {
      DataInputStream in = new DataInputStream(
          new java.io.BufferedInputStream(Channels.newInputStream(channel)));
      DataOutputStream out = new DataOutputStream(
          new java.io.BufferedOutputStream(Channels.newOutputStream(channel)));
      HandoffFrames.writeRequest(out, request);
      byte answer = answered(channel, in);
      if (answer != HandoffFrames.ACCEPTED) {
        if (answer == HandoffFrames.DECLINED) {
          HandoffFrames.readString(in);   // why: for the serve's log, not for this caller
        }
        return OptionalInt.empty();
      }
      long pid = in.readLong();
      System.err.println(new StringBuilder("lifeboat: the serve on this machine (pid ")
          .append(pid).append(") runs this; its chats show the run too."));
      return OptionalInt.of(follow(in, out, pid));
    } catch (IOException e) {
      // Before the serve accepted: nothing ran there, so the command runs here.
      return OptionalInt.empty();
    }
  }

  /** The serve's first frame; a serve that says nothing in time is closed on. */
  private static byte answered(SocketChannel channel, DataInputStream in) throws IOException {
    Thread watchdog = new Thread(new Runnable() {
      @Override
      public void run() {
        try {
          Thread.sleep(ANSWER_MILLIS);
          channel.close();
        } catch (InterruptedException | IOException e) {
          // answered in time
        }
      }
    });
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      return in.readByte();
    } finally {
      watchdog.interrupt();
    }
  }

  /** Relays the serve's output until its exit code; a stop signal here cancels the run there. */
  private static int follow(DataInputStream in, DataOutputStream out, long pid) {
    Object sending = new Object();
    boolean[] stopped = {false};
    for (String signal : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(signal), new sun.misc.SignalHandler() {
          @Override
          public void handle(sun.misc.Signal s) {
            synchronized (sending) {
              if (stopped[0]) {
                return;   // a second signal while the run stops: the serve is already on it
              }
              stopped[0] = true;
              try {
                HandoffFrames.writeString(out, HandoffFrames.CANCEL, "SIG".concat(s.getName()));
              } catch (IOException e) {
                // the serve is gone; follow() says so
              }
            }
          }
        });
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // without it, a stop kills this process and the serve cancels the run it sees end
      }
    }
    try {
      while (true) {
        byte type = in.readByte();
        switch (type) {
          case HandoffFrames.OUT -> {
            System.out.write(HandoffFrames.readBody(in));
            System.out.flush();
          }
          case HandoffFrames.ERR -> {
            System.err.write(HandoffFrames.readBody(in));
            System.err.flush();
          }
          case HandoffFrames.EXIT -> {
            return in.readInt();
          }
          default -> throw new IOException("unexpected frame " + (char) type);
        }
      }
    } catch (IOException e) {
      System.out.flush();
      System.err.println("lifeboat: the serve (pid " + pid + ") running this command went away "
          + "before it finished; its log says why, and the next Lifeboat start recovers the "
          + "run. Run the command again to retry.");
      return RUN_FAILED;
    }
  }
}
