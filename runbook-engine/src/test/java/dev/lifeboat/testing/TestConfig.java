package dev.lifeboat.testing;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.config.ConfigLoader;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.postgres.PgTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a lifeboat.yaml for test databases into a folder, with the repository's own runbooks,
 * the people of the demo (alice on call, bob tech owner, carol DevOps lead, eve nobody), and
 * passwords passed through the environment as a real deployment would.
 */
public final class TestConfig {
  private final Path directory;
  private final Map<String, String> targets = new LinkedHashMap<>();
  private final Map<String, String> environment = new HashMap<>(System.getenv());
  private final Map<String, Map<String, String>> chatIds = new LinkedHashMap<>();
  private boolean impersonation = true;
  private final Map<String, String> chatSections = new LinkedHashMap<>();
  private final Map<String, String> ownRunbooks = new LinkedHashMap<>();
  private final Map<String, String> groupExtras = new LinkedHashMap<>();
  private String extra = "";
  private String stores = "  local: {type: local, path: backups}\n";
  private String state = "state: {type: embedded, path: state/lifeboat}\n";

  public TestConfig(Path directory) {
    this.directory = directory;
  }

  public TestConfig target(String name, TestDatabase db) {
    return target(name, db.cluster().host(), db.cluster().port(), db.name(),
        db.cluster().superuser(), db.cluster().password());
  }

  public TestConfig target(String name, String host, int port, String database, String user,
      String password) {
    String variable = "TEST_PASSWORD_" + name.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    environment.put(variable, password);
    targets.put(name, "  " + name + ":\n    host: " + host + "\n    port: " + port
        + "\n    database: " + database + "\n    user: " + user + "\n    password_env: "
        + variable + "\n");
    return this;
  }

  /** A further key of a target's connection, for example {@code sslmode: verify-full}. */
  public TestConfig targetOption(String name, String key, String value) {
    targets.computeIfPresent(name, (n, yaml) -> yaml + "    " + key + ": " + value + "\n");
    return this;
  }

  /**
   * Keeps the state in {@code db} (a PostgreSQL database) instead of the embedded file, as
   * several instances would.
   */
  public TestConfig postgresState(TestDatabase db) {
    environment.put("TEST_PASSWORD_STATE", db.cluster().password());
    state = "state:\n  type: postgresql\n  host: " + db.cluster().host() + "\n  port: "
        + db.cluster().port() + "\n  database: " + db.name() + "\n  user: "
        + db.cluster().superuser() + "\n  password_env: TEST_PASSWORD_STATE\n";
    return this;
  }

  /** Gives {@code person} (alice, bob, carol, eve) an id on a chat platform. */
  public TestConfig chatId(String person, String platform, String id) {
    chatIds.computeIfAbsent(person, p -> new LinkedHashMap<>()).put(platform, id);
    return this;
  }

  /** A chat adapter's section, e.g. {@code chat("slack", "{enabled: true}")}. */
  public TestConfig chat(String platform, String yaml) {
    chatSections.put(platform, yaml);
    return this;
  }

  /** A runbook of the test's own, written beside (or over) the repository's. */
  /** More settings of one of the standard groups, e.g. ("tech-owners", "discord_role: 1"). */
  public TestConfig groupOption(String group, String yaml) {
    groupExtras.merge(group, yaml, (a, b) -> a + ", " + b);
    return this;
  }

  public TestConfig runbook(String name, String yaml) {
    ownRunbooks.put(name, yaml);
    return this;
  }

  /** Whether the console's /as may switch person (on by default in tests). */
  public TestConfig impersonation(boolean allowed) {
    this.impersonation = allowed;
    return this;
  }

  /** Sets an environment variable the config reads (a token, a password). */
  public TestConfig env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** The stores: section's entries as YAML lines, in place of the one local store. */
  public TestConfig stores(String yaml) {
    this.stores = yaml;
    return this;
  }

  /** More YAML appended as it is (e.g. a backup: section). */
  public TestConfig extra(String yaml) {
    this.extra = yaml;
    return this;
  }

  public Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  public Path write() {
    try {
      Path runbooks = directory.resolve("runbooks");
      Files.createDirectories(runbooks);
      try (Stream<Path> files = Files.list(repositoryRunbooks())) {
        for (Path f : files.toList()) {
          Files.copy(f, runbooks.resolve(f.getFileName()),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      for (Map.Entry<String, String> r : ownRunbooks.entrySet()) {
        Files.writeString(runbooks.resolve(r.getKey() + ".yaml"), r.getValue());
      }
      String yaml = "targets:\n" + String.join("", targets.values())
          + "stores:\n" + stores
          + state
          + "people:\n" + person("alice", "groups: [on-call]")
          + person("bob", "groups: [tech-owners]") + person("carol", "groups: [devops-leads]")
          + person("eve", "")
          + "groups:\n  on-call: {may: [backup, verify, restore, drill]" + groupExtra("on-call")
          + "}\n  tech-owners: {may: [approve, verify]" + groupExtra("tech-owners") + "}\n"
          + "  devops-leads: {may: [approve, backup, verify, restore, drill, cancel]"
          + groupExtra("devops-leads") + "}\n"
          + "chat:\n  console: {enabled: true, impersonation: " + impersonation + "}\n"
          + String.join("", chatSections.entrySet().stream().map(e -> "  " + e.getKey() + ": "
              + e.getValue() + "\n").toList()) + extra;
      Path file = directory.resolve("lifeboat.yaml");
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String groupExtra(String group) {
    return groupExtras.containsKey(group) ? ", " + groupExtras.get(group) : "";
  }

  private String person(String name, String groups) {
    StringBuilder fields = new StringBuilder(groups);
    chatIds.getOrDefault(name, Map.of()).forEach((platform, id) -> fields
        .append(fields.isEmpty() ? "" : ", ").append(platform).append(": ").append(id));
    return "  " + name + ": {" + fields + "}\n";
  }

  public LifeboatConfig load() {
    return new ConfigLoader(environment).load(write());
  }

  public Lifeboat start() {
    return Lifeboat.start(load(), environment, Clock.systemUTC(), PgTools.discover());
  }

  /** A Lifeboat whose engine also knows {@code steps} (stand-ins, failing steps). */
  public Lifeboat start(Map<String, dev.lifeboat.runbook.Step> steps) {
    return Lifeboat.start(load(), environment, Clock.systemUTC(), PgTools.discover(), steps);
  }

  /** config/runbooks of this repository, found from either module's working directory. */
  public static Path repositoryRunbooks() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      Path candidate = p.resolve("config/runbooks");
      if (Files.isDirectory(candidate) && Files.exists(p.resolve("runbook-engine"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("config/runbooks not found above " + here);
  }
}
