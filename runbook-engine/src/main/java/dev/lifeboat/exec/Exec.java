package dev.lifeboat.exec;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.Names;
import dev.lifeboat.config.ConfigNode;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.verify.Keys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code exec}: a command of the team's own checklist ("npx prisma migrate status", a deploy
 * CLI). It runs as an argument list, never through a shell; the only values spliced into it are
 * Lifeboat's own ({{target}}, {{database}}, {{backup}}, {{run}}), never text a person typed. The
 * child gets a small environment (PATH, locale, time zone, the variables the runbook allows, and
 * the target's libpq variables when asked), runs in a process group of its own so that a timeout
 * or a cancel ends its children too, and its output's tail goes to the run's thread.
 */
public final class Exec implements Step {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_]+)\\s*}}");
  private static final Set<String> PLACEHOLDERS = Set.of("target", "database", "backup", "run");
  private static final List<String> ALWAYS = List.of("PATH", "LANG", "LC_ALL", "TZ", "HOME");
  private static final java.time.Duration GRACE = java.time.Duration.ofSeconds(5);

  private final Map<String, String> environment;
  private final Path configDirectory;

  /**
   * @param environment Lifeboat's environment, from which the allowed variables are taken
   * @param configDirectory where relative working directories start (lifeboat.yaml's folder)
   */
  public Exec(Map<String, String> environment, Path configDirectory) {
    this.environment = Map.copyOf(environment);
    this.configDirectory = configDirectory;
  }

  /** The step's settings, read when the runbook loads. */
  public record Settings(List<String> command, Optional<Path> workingDirectory, List<String> env,
      boolean libpq, Optional<String> databaseUrlEnv, int tail) {}

  @Override
  public Object settings(ConfigNode with) {
    with.allowOnly(Set.of("command", "working_dir", "env", "libpq", "database_url_env", "tail"));
    ConfigNode commandNode = with.child("command");
    List<String> command = new ArrayList<>();
    if (commandNode.isMissing()) {
      with.problem("missing key command, an argument list such as [npx, prisma, migrate, "
          + "status]");
    } else if (commandNode.rawString().isPresent()) {
      commandNode.problem("must be a list of arguments such as [npx, prisma, migrate, status], "
          + "not one string: Lifeboat never runs commands through a shell");
    } else {
      for (ConfigNode arg : commandNode.items()) {
        String a = arg.optionalString().orElse("");
        Matcher m = PLACEHOLDER.matcher(a);
        while (m.find()) {
          if (!PLACEHOLDERS.contains(m.group(1))) {
            arg.problem("unknown placeholder {{" + m.group(1) + "}}; known: {{target}}, "
                + "{{database}}, {{backup}}, {{run}}");
          }
        }
        command.add(a);
      }
      if (command.isEmpty()) {
        commandNode.problem("must name at least the program to run");
      }
    }
    Optional<Path> dir = with.optionalString("working_dir")
        .map(d -> configDirectory.resolve(d).normalize());
    dir.ifPresent(d -> {
      if (!Files.isDirectory(d)) {
        with.child("working_dir").problem(d + " is not a directory");
      }
    });
    List<String> env = with.strings("env");
    for (String name : env) {
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        with.child("env").problem("'" + Names.shown(name) + "' is not a variable name");
      }
    }
    return new Settings(command, dir, env, with.bool("libpq", false),
        with.optionalString("database_url_env"), with.integer("tail", 20, 0, 500));
  }

  @Override
  public void execute(StepContext context) throws Exception {
    Settings s = context.settings(Settings.class);
    List<String> command = new ArrayList<>();
    for (String arg : s.command()) {
      command.add(resolve(arg, context));
    }
    // setsid: the child leads a process group of its own, so ending that group ends whatever
    // it started too (a shell's background jobs, npx's node).
    List<String> argv = new ArrayList<>(List.of("setsid"));
    argv.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    s.workingDirectory().ifPresent(d -> builder.directory(d.toFile()));
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(childEnvironment(s, context));
    String program = command.get(0);
    context.log("$ " + String.join(" ", command));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new LifeboatException("Cannot start " + program + ": " + e.getMessage()
          + " (is setsid from util-linux installed?)", e);
    }
    Deque<String> tail = new ArrayDeque<>();
    Thread reader = Thread.ofVirtual().start(() -> read(process, tail, Math.max(s.tail(), 1)));
    int exit;
    try (AutoCloseable stop = context.cancellation().onCancel(() -> endGroup(process))) {
      exit = process.waitFor();
    } finally {
      endGroup(process); // children left behind by a command that exited
      reader.join(5_000);
    }
    synchronized (tail) {
      tail.stream().skip(Math.max(0, tail.size() - s.tail())).forEach(context::log);
    }
    context.cancellation().throwIfCancelled();
    if (exit != 0) {
      String last;
      synchronized (tail) {
        last = tail.isEmpty() ? "" : ": " + Names.text(tail.peekLast(), 160);
      }
      throw new LifeboatException(program + " exited with " + exit + last);
    }
    context.log(program + " exited with 0");
  }

  private Map<String, String> childEnvironment(Settings s, StepContext context) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : ALWAYS) {
      Optional.ofNullable(environment.get(name)).ifPresent(v -> env.put(name, v));
    }
    env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String name : s.env()) {
      Optional.ofNullable(environment.get(name)).ifPresent(v -> env.put(name, v));
    }
    if (s.libpq()) {
      env.putAll(context.target().connection().libpqEnvironment());
    }
    s.databaseUrlEnv().ifPresent(name -> env.put(name,
        context.target().connection().urlWithPassword()));
    return env;
  }

  private static String resolve(String arg, StepContext context) {
    Matcher m = PLACEHOLDER.matcher(arg);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = switch (m.group(1)) {
        case "target" -> context.target().name();
        case "database" -> context.target().connection().database();
        case "backup" -> context.get(Keys.BACKUP).map(b -> b.id())
            .or(() -> context.param("backup")).orElse("");
        case "run" -> context.run().ref();
        default -> throw new IllegalStateException("checked at load: " + m.group(1));
      };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void read(Process process, Deque<String> tail, int keep) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > keep) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // the process ended; what was read is in the tail
    }
  }

  /** SIGTERM to the whole group, then SIGKILL to what is left after a grace period. */
  private static void endGroup(Process process) {
    long group = process.pid();
    if (!signal("TERM", group)) {
      return; // nothing left in the group
    }
    long deadline = System.nanoTime() + GRACE.toNanos();
    while (System.nanoTime() < deadline && signal("0", group)) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    signal("KILL", group);
  }

  /** kill -SIG -- -GROUP; true when some process of the group received it. */
  private static boolean signal(String signal, long group) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + group)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return kill.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
