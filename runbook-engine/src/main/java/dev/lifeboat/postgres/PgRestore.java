package dev.lifeboat.postgres;

import dev.lifeboat.config.ConfigNode;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.process.ToolRun;
import dev.lifeboat.run.Cancellation;
import dev.lifeboat.target.ConnectionInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs {@code pg_restore} into a database and tells harmless errors from real ones. pg_restore
 * exits 1 for errors it merely skipped, such as ALTER OWNER to a role the server lacks or an
 * extension that already exists; those become warnings, anything else fails the restore.
 */
public final class PgRestore {
  private static final Pattern HARMLESS = Pattern.compile(
      "role \".*\" does not exist|must be owner of (extension|schema)"
          + "|extension \".*\" already exists|schema \"public\" already exists"
          + "|permission denied to create extension|COMMENT ON EXTENSION");
  private static final Pattern PROCESSING = Pattern.compile("processing data for table \"(.+)\"");

  private final PgInstallation tools;
  private final boolean keepOwnership;

  /** For scratch copies: owners and grants are dropped, the roles may not exist there. */
  public PgRestore(PgInstallation tools) {
    this(tools, false);
  }

  /**
   * @param keepOwnership restore owners and grants as dumped: right for a restore into the
   *     target's own server, where the application's roles exist and must keep their access
   */
  public PgRestore(PgInstallation tools, boolean keepOwnership) {
    this.tools = tools;
    this.keepOwnership = keepOwnership;
  }

  private static final int DEFAULT_JOBS = 2;
  private static final int MAX_JOBS = 64;

  /** A restore step's {@code with: {jobs: N}}: pg_restore's parallel jobs. */
  public record Jobs(int count) {
    /** Reads {@code with: {jobs: N}} at load; 1 to 64, 2 when left out. */
    public static Jobs read(ConfigNode with) {
      with.allowOnly(java.util.Set.of("jobs"));
      return new Jobs(with.integer("jobs", DEFAULT_JOBS, 1, MAX_JOBS));
    }
  }

  /** What a restore left to report. */
  public record Outcome(List<String> warnings) {}

  /**
   * Restores {@code artifact} into {@code into} (which must exist).
   *
   * @param jobs parallel jobs (pg_restore -j); 1 restores serially
   * @param extraArgs e.g. {@code --clean --if-exists} for an in-place restore
   * @param extraEnvironment e.g. PGOPTIONS to lift a read-only default on the target
   * @param tableDone called with "schema.table" as each table's data is restored
   */
  public Outcome restore(Path artifact, ConnectionInfo into, int jobs, List<String> extraArgs,
      Map<String, String> extraEnvironment, Consumer<String> tableDone,
      Cancellation cancellation) throws InterruptedException {
    return restore(new ArchiveInput.File(artifact), into, jobs, extraArgs, extraEnvironment,
        tableDone, cancellation);
  }

  /**
   * As {@link #restore(Path, ConnectionInfo, int, List, Map, Consumer, Cancellation)}, from a
   * file or a stream; a stream is restored with one job (pg_restore's workers need to seek).
   */
  public Outcome restore(ArchiveInput input, ConnectionInfo into, int jobs,
      List<String> extraArgs, Map<String, String> extraEnvironment, Consumer<String> tableDone,
      Cancellation cancellation) throws InterruptedException {
    boolean streamed = input instanceof ArchiveInput.Streamed;
    List<String> command = new ArrayList<>(List.of(tools.tool("pg_restore").toString(),
        "--verbose", "--no-password", "--jobs=" + (streamed ? 1 : jobs),
        "--dbname=" + into.database()));
    if (!keepOwnership) {
      command.addAll(List.of("--no-owner", "--no-privileges"));
    }
    command.addAll(extraArgs);
    if (input instanceof ArchiveInput.File f) {
      command.add(f.path().toString());
    }
    Map<String, String> env = new java.util.HashMap<>(into.libpqEnvironment());
    env.putAll(extraEnvironment);
    List<String> errors = new ArrayList<>();
    Consumer<String> stderr = line -> {
      var m = PROCESSING.matcher(line);
      if (m.find()) {
        tableDone.accept(m.group(1));
      } else if (line.contains("error:") || line.startsWith("ERROR")) {
        synchronized (errors) {
          errors.add(line);
        }
      }
    };
    try (ToolRun run = start(command, env, stderr, cancellation, input)) {
      Feeder feeder = Feeder.start(run, input);
      int exit = run.waitFor();
      cancellation.throwIfCancelled();
      feeder.finish(exit);
      List<String> serious;
      synchronized (errors) {
        serious = errors.stream().filter(e -> !HARMLESS.matcher(e).find())
            .filter(e -> !e.contains("errors ignored on restore")).toList();
      }
      if (exit != 0 && (!serious.isEmpty() || errors.isEmpty())) {
        String reason = serious.isEmpty() ? run.failure(exit)
            : "pg_restore failed: " + String.join(" / ", serious.subList(0,
                Math.min(3, serious.size())));
        throw new LifeboatException(reason);
      }
      synchronized (errors) {
        return new Outcome(errors.stream().filter(e -> HARMLESS.matcher(e).find()).toList());
      }
    }
  }

  /** {@code pg_restore --list}: the artifact's table of contents, one entry per line. */
  public List<String> list(Path artifact, Cancellation cancellation) throws InterruptedException {
    return list(new ArchiveInput.File(artifact), cancellation);
  }

  /** {@code pg_restore --list} of a file or a stream (which it reads up to the contents). */
  public List<String> list(ArchiveInput input, Cancellation cancellation)
      throws InterruptedException {
    List<String> command = new ArrayList<>(List.of(tools.tool("pg_restore").toString(),
        "--list"));
    if (input instanceof ArchiveInput.File f) {
      command.add(f.path().toString());
    }
    try (ToolRun run = start(command, Map.of(), line -> { }, cancellation, input)) {
      Feeder feeder = Feeder.start(run, input);
      List<String> lines = new java.io.BufferedReader(new java.io.InputStreamReader(run.stdout(),
          java.nio.charset.StandardCharsets.UTF_8)).lines().toList();
      int exit = run.waitFor();
      cancellation.throwIfCancelled();
      feeder.finish(exit);
      if (exit != 0) {
        throw new LifeboatException("The artifact's table of contents cannot be read: "
            + run.failure(exit) + ". The file is damaged or not a pg_dump custom-format archive.");
      }
      return lines;
    }
  }

  private static ToolRun start(List<String> command, Map<String, String> env,
      Consumer<String> stderr, Cancellation cancellation, ArchiveInput input) {
    return input instanceof ArchiveInput.Streamed
        ? ToolRun.startWithInput(command, env, stderr, cancellation)
        : ToolRun.start(command, env, stderr, cancellation);
  }
}
