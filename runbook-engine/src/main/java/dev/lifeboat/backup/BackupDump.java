package dev.lifeboat.backup;

import dev.lifeboat.Messages;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.postgres.DatabaseAdmin;
import dev.lifeboat.postgres.NewestValues;
import dev.lifeboat.postgres.RowCounts;
import dev.lifeboat.process.ToolRun;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.store.Store;
import dev.lifeboat.store.StoreException;
import dev.lifeboat.store.Stores;
import dev.lifeboat.encryption.EncryptionKeys;
import dev.lifeboat.target.Target;
import dev.lifeboat.target.TargetDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code backup.dump}: {@code pg_dump -Fc} streamed into the target's stores (the primary and
 * its copies at once, encrypted on the way when a key is configured) while the SHA-256 and size
 * of what is stored are computed in the same pass (or, for a large database,
 * {@code pg_dump -Fd --jobs} writing its directory in the store, hashed file by file after), with
 * every table's rows counted in the snapshot the dump reads (and the newest value of each
 * indexed time column), then the manifest written last and the backup published atomically.
 */
public final class BackupDump implements Step {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final Pattern DUMPING = Pattern.compile("dumping contents of table \"(.+)\"");
  private static final int BUFFER = 1 << 20;
  private static final int HAND_ON = BUFFER / 2;
  private static final int SESSION_CHECK_SECONDS = 5;
  private static final String ARTIFACT = "backup.pgdump";

  private final BackupPreflight preflight;
  private final Stores stores;
  private final BackupCatalog catalog;
  private final BackupSettings settings;
  private final EncryptionKeys keys;
  private final Clock clock;

  public BackupDump(BackupPreflight preflight, Stores stores, BackupCatalog catalog,
      BackupSettings settings, EncryptionKeys keys, Clock clock) {
    this.preflight = preflight;
    this.stores = stores;
    this.catalog = catalog;
    this.settings = settings;
    this.keys = keys;
    this.clock = clock;
  }

  @Override
  public void execute(StepContext context) throws Exception {
    Target target = context.target();
    Preflight checked = context.get(BackupPreflight.RESULT).orElse(null);
    if (checked == null) {
      checked = preflight.check(target, context::log);
    }
    List<Store> targetStores = stores.of(target.stores());
    Instant started = Instant.ofEpochMilli(clock.millis());
    String id = newId(target.name(), started);
    String format = formatFor(target, targetStores, checked.databaseBytes(), context);
    boolean directory = format.equals(BackupSettings.DIRECTORY);
    String compression = settings.compressionFor(checked.tools().major());
    List<String> command = new ArrayList<>(List.of(checked.tools().tool("pg_dump").toString(),
        "--format=" + format, "--compress=" + compression, "--verbose", "--no-password"));
    if (directory) {
      command.add("--jobs=" + settings.jobs());
    }
    boolean encrypt = keys.enabled() && !directory;

    try (Connection c = session(context, target)) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      String snapshot = exportSnapshot(c);
      AtomicInteger dumped = new AtomicInteger();
      AtomicInteger tableCount = new AtomicInteger(-1);
      List<String> fullCommand = new ArrayList<>(command);
      fullCommand.add("--snapshot=" + snapshot);
      BackupManifest manifest;
      List<Store> holding;
      try (StoreFanOut fan = StoreFanOut.begin(targetStores, target.name(), id,
          context.run().id(), checked.databaseBytes())) {
        String artifact;
        if (directory) {
          // -Fd writes its files itself, in parallel; they are hashed after it exits.
          fullCommand.add("--file=" + fan.only().directory());
          artifact = fan.only().directory().getFileName().toString();
        } else {
          artifact = ARTIFACT;
        }
        ArtifactDigest.Digest written;
        CompletableFuture<RolesRead> roles;
        CompletableFuture<List<TableCount>> counts;
        // pg_dump starts as soon as the snapshot exists; the table list, the roles and the
        // counts are read in that snapshot while it reads its catalog, not before it starts.
        try (ToolRun dump = ToolRun.start(fullCommand, target.connection().libpqEnvironment(),
            line -> onStderr(line, dumped, tableCount.get(), context), context.cancellation())) {
          List<TableCount> tables = listTables(c);
          tableCount.set(tables.size());
          context.progress(0, tables.size(), "starting pg_dump " + checked.tools().version()
              + (directory ? ", directory format, " + settings.jobs() + " jobs" : "")
              + (encrypt ? ", encrypted with key " + keys.current().orElseThrow() : "")
              + (targetStores.size() > 1 ? ", into " + targetStores.size() + " stores" : ""));
          // Which roles the objects use, on this connection (one connection less on the
          // target's server), before the counting thread takes it; pg_dumpall then runs beside
          // pg_dump.
          roles = rolesAsync(c, target, checked, context);
          // Counting runs while pg_dump streams: both read the same exported snapshot.
          counts = countAsync(c, tables, context);
          // The custom format streams through here: encrypted, hashed as stored and written to
          // every store on the way, while pg_dump still compresses; no pass of its own.
          ArtifactDigest.Digest streamed = directory ? null
              : stream(dump, fan, encrypt ? EncryptionKeys.associatedData(target.name(), id,
                  artifact) : null);
          int exit = dump.waitFor();
          context.cancellation().throwIfCancelled();
          if (exit != 0) {
            // A failed count aborts the snapshot's transaction, and pg_dump then only reports
            // that it lost the snapshot: the count's error is the one that says why.
            if (counts.isCompletedExceptionally()) {
              join(counts);
            }
            throw new LifeboatException(dump.failure(exit));
          }
          written = streamed != null ? streamed
              : ArtifactDigest.of(fan.only().directory(), settings.jobs(), context.cancellation());
        }
        if (written.bytes() == 0) {
          throw new LifeboatException("pg_dump exited without writing anything; nothing was "
              + "published.");
        }
        List<TableCount> counted = join(counts);
        c.commit();
        BackupManifest.Globals globals = globals(roles, target, id, encrypt, fan, context);
        manifest = new BackupManifest(BackupManifest.CURRENT_VERSION, id, target.name(),
            target.connection().database(), started, Instant.ofEpochMilli(clock.millis()),
            artifact, format, compression, encrypt ? EncryptionKeys.ALGORITHM
                : EncryptionKeys.NONE, written.bytes(), written.sha256(),
            checked.serverVersion(), checked.tools().version(), snapshot, counted,
            context.run().requestedBy(), context.run().id(),
            encrypt ? keys.current().orElseThrow() : null, globals);
        holding = checkCopies(fan.publish(manifest), manifest, fan, context);
        String failed = fan.describeFailures();
        List<String> names = holding.stream().map(Store::name).toList();
        catalog.record(manifest, names);
        context.progress(tableCount.get(), tableCount.get(), "published " + manifest.id());
        context.result(new RunResult.BackupTaken(manifest, names));
        if (!fan.failures().isEmpty()) {
          // The backup exists and is listed; the run still fails, so nobody takes a missing
          // off-site copy for a made one.
          throw new StoreException("Backup " + manifest.id() + " is in " + String.join(", ",
              names) + ", but not in " + failed + ". Fix that store and take another backup; "
              + "this one is kept.");
        }
      }
    }
  }

  /**
   * The preflight's session while it is still open (one connection less on the target's server),
   * else a new one. A runbook may put a wait (an approval) between the two, so it is checked.
   */
  private static Connection session(StepContext context, Target target) throws SQLException {
    Optional<BackupPreflight.Session> left = context.take(BackupPreflight.SESSION);
    if (left.isPresent()) {
      Connection c = left.get().connection();
      if (c.isValid(SESSION_CHECK_SECONDS)) {
        return c;
      }
      c.close();
    }
    return TargetDatabase.connect(target.name(), target.connection());
  }

  /** The roles the database uses and pg_dumpall's lines about them. */
  private record RolesRead(List<String> roles, String sql) {}

  /**
   * Reads the roles the database uses while pg_dump runs; empty when pg_dumpall is not
   * installed, failed with the reason when it could not be read.
   */
  private static CompletableFuture<RolesRead> rolesAsync(Connection c, Target target,
      Preflight checked, StepContext context) {
    CompletableFuture<RolesRead> future = new CompletableFuture<>();
    if (!checked.tools().hasTool("pg_dumpall")) {
      future.completeExceptionally(new IOException("pg_dumpall is not installed beside "
          + "pg_dump"));
      return future;
    }
    List<String> roles;
    java.sql.Savepoint before = null;
    try {
      // A failure here must not abort the snapshot's transaction, which pg_dump is importing.
      before = c.setSavepoint();
      roles = RoleGlobals.usedRoles(c);
      c.releaseSavepoint(before);
    } catch (SQLException e) {
      try {
        if (before != null) {
          c.rollback(before);
        }
      } catch (SQLException ignored) {
        // the dump itself will say what is wrong with the connection
      }
      future.completeExceptionally(e);
      return future;
    }
    Thread reader = new Thread(() -> {
      try {
        future.complete(new RolesRead(roles, RoleGlobals.dump(checked.tools(), target, roles,
            context.cancellation())));
      } catch (Exception e) {
        future.completeExceptionally(e);
      }
    }, "lifeboat-roles-" + target.name());
    reader.setDaemon(true);
    reader.start();
    return future;
  }

  /**
   * The roles the database uses, beside the artifact (encrypted like it); a failure costs only
   * this file, said in the log, never the backup.
   */
  private BackupManifest.Globals globals(CompletableFuture<RolesRead> read, Target target,
      String id, boolean encrypt, StoreFanOut fan, StepContext context)
      throws InterruptedException {
    try {
      RolesRead roles;
      try {
        roles = read.get();
      } catch (java.util.concurrent.ExecutionException e) {
        context.log("roles not saved (the backup is unaffected): "
            + Messages.firstLine(String.valueOf(e.getCause().getMessage())));
        return null;
      }
      byte[] sql = roles.sql().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      java.io.ByteArrayOutputStream stored = new java.io.ByteArrayOutputStream();
      try (OutputStream out = encrypt ? keys.encrypt(stored, EncryptionKeys.associatedData(
          target.name(), id, RoleGlobals.FILE)) : stored) {
        out.write(sql);
      }
      byte[] bytes = stored.toByteArray();
      fan.writeFile(RoleGlobals.FILE, bytes);
      ArtifactDigest.Digest d = ArtifactDigest.of(new java.io.ByteArrayInputStream(bytes),
          context.cancellation(), n -> { });
      context.log("roles saved beside the backup: " + String.join(", ", roles.roles()));
      return new BackupManifest.Globals(RoleGlobals.FILE, d.bytes(), d.sha256(), roles.roles());
    } catch (IOException | RuntimeException e) {
      context.log("roles not saved (the backup is unaffected): "
          + Messages.firstLine(String.valueOf(e.getMessage())));
      return null;
    }
  }

  /** Directory format only where it can be: one local store, no encryption. */
  private String formatFor(Target target, List<Store> targetStores, long databaseBytes,
      StepContext context) {
    String format = settings.formatFor(databaseBytes);
    if (!format.equals(BackupSettings.DIRECTORY)) {
      return format;
    }
    boolean streamed = keys.enabled() || targetStores.size() > 1
        || !(targetStores.get(0) instanceof dev.lifeboat.store.LocalDirectoryStore);
    if (!streamed) {
      return format;
    }
    // Config check refuses an explicit directory format here; auto falls back.
    context.log("custom format: " + target.name() + "'s backup is streamed "
        + (keys.enabled() ? "through encryption" : "to several or remote stores")
        + ", which the directory format cannot be");
    return BackupSettings.CUSTOM;
  }

  /**
   * Reads each copy (every store but the first) back and compares its checksum; a copy that
   * differs is removed and counted as failed.
   */
  private static List<Store> checkCopies(List<Store> published, BackupManifest m,
      StoreFanOut fan, StepContext context) {
    List<Store> good = new ArrayList<>(List.of(published.get(0)));
    for (Store copy : published.subList(1, published.size())) {
      try (InputStream in = copy.openArtifact(m)) {
        ArtifactDigest.Digest d = ArtifactDigest.of(in, context.cancellation(), n -> { });
        if (d.bytes() == m.bytes() && d.sha256().equals(m.sha256())) {
          good.add(copy);
          context.log("copy in " + copy.name() + " read back: sha256 matches");
          continue;
        }
        copy.delete(m);
        fan.failed(copy, "its copy read back with " + d.bytes() + " bytes and another sha256, "
            + "so it was removed");
      } catch (IOException | RuntimeException e) {
        fan.failed(copy, "its copy could not be read back: " + Messages.firstLine(
            String.valueOf(e.getMessage())));
      }
    }
    return good;
  }
  private String newId(String target, Instant at) {
    String base = target + "-" + ID_TIME.format(at);
    String id = base;
    for (int n = 2; catalog.contains(id); n++) {
      id = base + "-" + n;
    }
    return id;
  }

  private static String exportSnapshot(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT pg_export_snapshot()")) {
      r.next();
      return r.getString(1);
    }
  }

  private static List<TableCount> listTables(Connection c) throws SQLException {
    return DatabaseAdmin.dumpedTables(c).stream()
        .map(t -> new TableCount(t.schema(), t.name(), 0)).toList();
  }

  private static CompletableFuture<List<TableCount>> countAsync(Connection c,
      List<TableCount> tables, StepContext context) {
    CompletableFuture<List<TableCount>> future = new CompletableFuture<>();
    Thread counter = new Thread(() -> {
      try {
        // The counts run beside pg_dump on the target's server: parallel workers for them (the
        // planner takes two for a UNION ALL of many counts) would compete with the dump's own
        // backend and a production workload. One backend, in the snapshot's transaction.
        try (Statement s = c.createStatement()) {
          s.execute("SET LOCAL max_parallel_workers_per_gather = 0");
        }
        List<Long> rows = RowCounts.count(c, tables.stream()
            .map(t -> new RowCounts.Table(t.schema(), t.table())).toList(),
            context.cancellation(), done -> { });
        // The newest created_at (or inserted_at, updated_at) in the same snapshot, where an
        // index makes it one page read: a restore's loss preview compares it with the live one.
        Map<String, NewestValues.Newest> newest = new HashMap<>();
        for (NewestValues.Newest n : NewestValues.read(c, List.copyOf(
            NewestValues.indexedColumns(c, context.target().timeColumns()).values()),
            context.cancellation())) {
          newest.put(n.column().qualifiedTable(), n);
        }
        List<TableCount> counted = new ArrayList<>(tables.size());
        for (int i = 0; i < tables.size(); i++) {
          TableCount t = tables.get(i);
          NewestValues.Newest n = newest.get(t.qualifiedName());
          counted.add(n == null ? new TableCount(t.schema(), t.table(), rows.get(i))
              : new TableCount(t.schema(), t.table(), rows.get(i), n.column().column(),
                  n.value().orElse(null)));
        }
        future.complete(counted);
      } catch (Exception e) {
        future.completeExceptionally(e);
      }
    }, "lifeboat-row-count");
    counter.setDaemon(true);
    counter.start();
    return future;
  }

  private static List<TableCount> join(CompletableFuture<List<TableCount>> counts) {
    try {
      return counts.join();
    } catch (CompletionException e) {
      throw new LifeboatException("Counting rows in the dump's snapshot failed: "
          + Messages.firstLine(e.getCause().getMessage()), e.getCause());
    }
  }

  /** {@code total} is -1 until the tables are listed; pg_dump reaches its data only later. */
  private static void onStderr(String line, AtomicInteger dumped, int total, StepContext context) {
    Matcher m = DUMPING.matcher(line);
    if (m.find()) {
      int done = dumped.incrementAndGet();
      if (total >= 0) {
        context.progress(Math.min(done, total), total, m.group(1));
      }
    }
  }

  /**
   * pg_dump's output into every store: encrypted when {@code associatedData} is given, hashed as
   * stored. A store that fails drops out; when none is left, pg_dump is stopped.
   */
  private ArtifactDigest.Digest stream(ToolRun dump, StoreFanOut fan, String associatedData)
      throws IOException {
    HashingOutputStream stored = new HashingOutputStream(fan.stream());
    byte[] buffer = new byte[BUFFER];
    try {
      OutputStream sink = associatedData == null ? stored : keys.encrypt(stored, associatedData);
      InputStream in = dump.stdout();
      // pg_dump writes its pipe 4 KB at a time, and a read returns about that much. Handing
      // each read on (hash, file write) cost twice the JVM's CPU of handing on half a MiB at a
      // time, and that CPU is taken from pg_dump and its server on a small machine.
      int filled = 0;
      int n;
      while ((n = in.read(buffer, filled, buffer.length - filled)) >= 0) {
        filled += n;
        if (filled >= HAND_ON) {
          sink.write(buffer, 0, filled);
          filled = 0;
        }
      }
      if (filled > 0) {
        sink.write(buffer, 0, filled);
      }
      sink.close(); // the encryption's last segment; the stores finish at the publish
    } catch (IOException e) {
      dump.stop();
      throw new StoreException("The backup was stopped and nothing was published: "
          + Messages.firstLine(String.valueOf(e.getMessage())) + ".", e);
    }
    return stored.digest();
  }
}
