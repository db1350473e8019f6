package dev.lifeboat.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lifeboat.access.Action;
import dev.lifeboat.access.Group;
import dev.lifeboat.access.Names;
import dev.lifeboat.access.Person;
import dev.lifeboat.backup.BackupSettings;
import dev.lifeboat.run.InstanceSettings;
import dev.lifeboat.escalation.EscalationPolicy;
import dev.lifeboat.schedule.Upkeep;
import dev.lifeboat.state.StateSettings;
import dev.lifeboat.store.StoreSpec;
import dev.lifeboat.store.S3Settings;
import dev.lifeboat.encryption.EncryptionKeys;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.target.KeepPrevious;
import dev.lifeboat.target.LibpqParameter;
import dev.lifeboat.target.Target;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code lifeboat.yaml} into a {@link LifeboatConfig}, checking everything before anything
 * connects, and reports every problem with file and key. Secrets come from the environment or
 * from files; a password written into the YAML is refused.
 */
public final class ConfigLoader {
  private static final Set<String> TOP = Set.of(
      "targets", "stores", "backup", "state", "people", "groups", "chat", "runbooks", "approvals",
      "instance", "escalation", "serve", "encryption", "incidents");
  /** Where a database is and how to log in, plus any libpq connection parameter by name. */
  private static final Set<String> CONNECTION_KEYS = union(Set.of("url", "host", "port",
      "database", "user", "password_env", "password_file"), LibpqParameter.keys());
  private static final Set<String> TARGET_KEYS = union(CONNECTION_KEYS, Set.of(
      "critical_tables", "time_columns", "rpo", "rto", "stores", "checks", "verify_server", "pooler",
      "keep_previous", "schedule", "retention", "monitors", "escalation", "heartbeat_url"));
  private static final Set<String> PERSON_KEYS = Set.of("groups", "slack", "discord");
  private static final Set<String> CHAT_PLATFORMS = Set.of("slack", "discord");

  private final Map<String, String> environment;
  private final List<ChatSection<?>> sections;

  /** @param environment usually {@code System.getenv()}; tests and the demo pass their own */
  public ConfigLoader(Map<String, String> environment) {
    this(environment, List.of());
  }

  /** @param sections the chat adapters' own sections, read with everything else */
  public ConfigLoader(Map<String, String> environment, List<ChatSection<?>> sections) {
    this.environment = Map.copyOf(environment);
    this.sections = List.copyOf(sections);
  }

  public LifeboatConfig load(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    String shownName = file.toString();
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(absolute));
    } catch (NoSuchFileException e) {
      throw new ConfigException(shownName + ": no such file. Pass --config PATH or copy "
          + "config/lifeboat.yaml from the Lifeboat repository.");
    } catch (JsonProcessingException e) {
      throw new ConfigException(shownName + ": line " + e.getLocation().getLineNr()
          + ": this is not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException(shownName + ": cannot be read: " + e.getMessage());
    }
    ConfigNode.Context context = new ConfigNode.Context(shownName, environment);
    ConfigNode top = new ConfigNode(root, "", context);
    if (root == null || !root.isObject()) {
      throw new ConfigException(shownName + ": is empty or not a mapping; start from "
          + "config/lifeboat.yaml in the Lifeboat repository.");
    }
    top.allowOnly(TOP);
    Path base = absolute.getParent();

    Map<String, StoreSpec> stores = stores(top.child("stores"), base);
    EncryptionKeys encryption = encryption(top.child("encryption"), base);
    Map<String, Target> targets = targets(top.child("targets"), stores, base);
    BackupSettings backup = backup(top.child("backup"));
    checkFormat(top.child("backup"), backup, targets, stores, encryption);
    StateSettings state = state(top.child("state"), base);
    Map<String, Group> groups = groups(top.child("groups"), targets.keySet());
    Map<String, Person> people = people(top.child("people"), groups.keySet());
    ChatSettings chat = chat(top.child("chat"));
    Map<String, EscalationPolicy> escalation = Upkeeps.escalation(top.child("escalation"),
        people.keySet(), groups.keySet());
    Map<String, Upkeep> upkeep = new LinkedHashMap<>();
    top.child("targets").entries().forEach((name, t) -> {
      if (targets.containsKey(name)) {
        upkeep.put(name, Upkeeps.upkeep(name, t, escalation.keySet()));
      }
    });
    Path runbooks = runbooks(top, base);

    ConfigNode serveNode = top.child("serve");
    serveNode.allowOnly(Set.of("http_port"));
    ServeSettings serve = new ServeSettings(serveNode.has("http_port")
        ? java.util.OptionalInt.of(serveNode.integer("http_port", 9464, 1, 65535))
        : java.util.OptionalInt.empty());

    ConfigNode approvals = top.child("approvals");
    approvals.allowOnly(Set.of("break_glass"));
    boolean breakGlass = approvals.bool("break_glass", false);

    InstanceSettings instance = instance(top.child("instance"));
    dev.lifeboat.incident.IncidentSettings incidents = Incidents.read(top.child("incidents"),
        targets.keySet());

    List<String> problems = context.problems();
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new LifeboatConfig(absolute, targets, stores, backup, state, people, groups, chat,
        runbooks, breakGlass, instance, upkeep, escalation, serve, encryption, incidents);
  }

  /**
   * The runbook folder: the one the config names, else {@code runbooks/} beside the config, else
   * the runbooks shipped with Lifeboat ({@code $LIFEBOAT_HOME/config/runbooks}), so a mounted
   * lifeboat.yaml alone is enough in the container.
   */
  private Path runbooks(ConfigNode top, Path base) {
    if (top.has("runbooks")) {
      Path named = base.resolve(top.string("runbooks", "runbooks")).normalize();
      if (!Files.isDirectory(named)) {
        top.child("runbooks").problem("the runbook directory " + named + " does not exist; "
            + "copy config/runbooks from the Lifeboat repository there, or leave runbooks out "
            + "to use the ones shipped with Lifeboat");
      }
      return named;
    }
    Path beside = base.resolve("runbooks").normalize();
    if (Files.isDirectory(beside)) {
      return beside;
    }
    Optional<Path> bundled = Optional.ofNullable(environment.get("LIFEBOAT_HOME"))
        .map(home -> Path.of(home, "config", "runbooks").toAbsolutePath().normalize())
        .filter(Files::isDirectory);
    if (bundled.isEmpty()) {
      top.child("runbooks").problem("no runbook directory: " + beside + " does not exist and "
          + "LIFEBOAT_HOME does not point at a Lifeboat installation; copy config/runbooks from "
          + "the Lifeboat repository next to this file, or set runbooks: PATH");
      return beside;
    }
    return bundled.get();
  }

  private Map<String, StoreSpec> stores(ConfigNode node, Path base) {
    Map<String, StoreSpec> stores = new LinkedHashMap<>();
    if (node.isMissing()) {
      node.problem("no stores configured; add one, for example stores: {local: {type: local, "
          + "path: /var/lib/lifeboat/backups}}");
    }
    node.entries().forEach((name, store) -> {
      checkName(store, name);
      String type = store.string("type", "local");
      switch (type) {
        case "local" -> {
          store.allowOnly(Set.of("type", "path"));
          store.requiredString("path", "/var/lib/lifeboat/backups").ifPresent(p ->
              stores.put(name, new StoreSpec.Local(name, base.resolve(p).normalize())));
        }
        case "s3" -> s3(store, base).ifPresent(s -> stores.put(name, new StoreSpec.S3(name, s)));
        default -> store.child("type").problem("unknown store type '" + Names.shown(type)
            + "'; use type: local (a directory) or type: s3 (AWS S3, R2, GCS, MinIO, B2)");
      }
    });
    return stores;
  }

  /** An S3-compatible bucket: where it is, and credentials from the environment or files. */
  private Optional<S3Settings> s3(ConfigNode store, Path base) {
    store.allowOnly(Set.of("type", "bucket", "prefix", "region", "endpoint", "path_style",
        "access_key_id_env", "access_key_id_file", "secret_access_key_env",
        "secret_access_key_file", "part_size_mb"));
    Optional<String> bucket = store.requiredString("bucket", "lifeboat-backups");
    bucket.filter(b -> !b.matches("[a-z0-9][a-z0-9.\\-_]{1,254}")).ifPresent(b ->
        store.child("bucket").problem("'" + Names.shown(b) + "' is not a bucket name (lower-case "
            + "letters, digits, dots and dashes)"));
    String prefix = store.string("prefix", "");
    if (prefix.startsWith("/")) {
      store.child("prefix").problem("must not start with /; write it as a folder, e.g. prod/");
    }
    Optional<URI> endpoint = Optional.empty();
    Optional<String> endpointText = store.optionalString("endpoint");
    if (endpointText.isPresent()) {
      try {
        URI uri = new URI(endpointText.get());
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())
            || uri.getHost() == null) {
          throw new URISyntaxException(endpointText.get(), "not an http(s) URL");
        }
        endpoint = Optional.of(uri);
      } catch (URISyntaxException e) {
        store.child("endpoint").problem("must be the service's URL, e.g. "
            + "https://ACCOUNT.r2.cloudflarestorage.com or http://localhost:9000, not '"
            + Names.shown(endpointText.get()) + "'");
      }
    }
    // R2 and MinIO ignore the region, but the SDK signs with one; "auto" is what R2 documents.
    String region = store.string("region", endpoint.isPresent() ? "auto" : "us-east-1");
    boolean pathStyle = store.bool("path_style", false);
    Optional<Secret> keyId = secret(store, "access_key_id", base);
    Optional<Secret> secretKey = secret(store, "secret_access_key", base);
    boolean keyIdGiven = store.has("access_key_id_env") || store.has("access_key_id_file");
    boolean secretGiven = store.has("secret_access_key_env")
        || store.has("secret_access_key_file");
    if (keyIdGiven != secretGiven) {
      store.problem("give both access_key_id_env and secret_access_key_env (or _file), or "
          + "neither to use the standard AWS credential chain (AWS_ACCESS_KEY_ID, profile, role)");
    }
    int partMb = store.integer("part_size_mb", S3Settings.DEFAULT_PART >> 20,
        S3Settings.MIN_PART >> 20, S3Settings.MAX_PART >> 20);
    if (bucket.isEmpty() || keyIdGiven && keyId.isEmpty() || secretGiven && secretKey.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new S3Settings(bucket.get(), prefix, region, endpoint, pathStyle,
        keyId.filter(k -> secretKey.isPresent()), secretKey.filter(k -> keyId.isPresent()),
        partMb << 20));
  }

  /**
   * {@code encryption: {key: ID, keys: {ID: {env: NAME} | {file: PATH}}}}: the keys by id, and
   * the one new backups use (the only key when there is one).
   */
  private EncryptionKeys encryption(ConfigNode node, Path base) {
    if (node.isMissing()) {
      return EncryptionKeys.none();
    }
    node.allowOnly(Set.of("key", "keys"));
    Map<String, Secret> keys = new LinkedHashMap<>();
    ConfigNode keysNode = node.child("keys");
    if (keysNode.isMissing()) {
      node.problem("missing key keys (for example keys: {k2026: {env: LIFEBOAT_KEY_K2026}}; "
          + "make a key with: openssl rand -base64 32)");
    }
    keysNode.entries().forEach((id, k) -> {
      checkName(k, id);
      k.allowOnly(Set.of("env", "file"));
      if (!k.has("env") && !k.has("file")) {
        k.problem("give env: NAME (a variable holding the key) or file: PATH");
        return;
      }
      secret(k, "", base).ifPresent(secret -> {
        try {
          EncryptionKeys.decode(secret);
          keys.put(id, secret);
        } catch (IllegalArgumentException e) {
          k.child(k.has("env") ? "env" : "file").problem("the key " + e.getMessage());
        }
      });
    });
    Optional<String> current = node.optionalString("key");
    if (current.isEmpty() && keys.size() == 1) {
      current = Optional.of(keys.keySet().iterator().next());
    } else if (current.isEmpty() && keysNode.entries().size() > 1) {
      node.problem("missing key key: which of " + String.join(", ", keysNode.entries().keySet())
          + " new backups are encrypted with (the others stay for reading older backups)");
    }
    if (current.isPresent() && !keysNode.entries().containsKey(current.get())) {
      node.child("key").problem("names no key under encryption.keys; known: "
          + String.join(", ", keysNode.entries().keySet()));
      return EncryptionKeys.none();
    }
    if (current.isPresent() && !keys.containsKey(current.get())) {
      return EncryptionKeys.none(); // its problem is reported already
    }
    return EncryptionKeys.of(current, keys);
  }

  /**
   * A secret named by {@code <name>_env} (a variable, with its NAME_FILE variant) or
   * {@code <name>_file} (a path relative to the config); {@code name} empty means the keys
   * {@code env} and {@code file}. Never the value itself in the YAML.
   */
  private Optional<Secret> secret(ConfigNode t, String name, Path base) {
    String envKey = name.isEmpty() ? "env" : name + "_env";
    String fileKey = name.isEmpty() ? "file" : name + "_file";
    Optional<String> env = t.optionalString(envKey);
    Optional<String> file = t.optionalString(fileKey);
    if (env.isPresent() && file.isPresent()) {
      t.problem("give either " + envKey + " or " + fileKey + ", not both");
      return Optional.empty();
    }
    if (env.isPresent()) {
      Optional<String> value = t.context().environment(env.get());
      if (value.isEmpty()) {
        t.child(envKey).problem(env.get() + " is not set; export " + env.get() + " (or "
            + env.get() + "_FILE=PATH) before starting Lifeboat"
            + SecretFiles.unreadableHint(env.get(), environment));
        return Optional.empty();
      }
      return Optional.of(Secret.of(value.get(), "env " + env.get()));
    }
    if (file.isPresent()) {
      Path path = base.resolve(file.get()).normalize();
      try {
        return Optional.of(Secret.of(Files.readString(path).strip(), "file " + path));
      } catch (IOException e) {
        t.child(fileKey).problem(path + " cannot be read (" + e.getClass().getSimpleName()
            + "); check the path and that Lifeboat's user may read it");
      }
    }
    return Optional.empty();
  }

  /**
   * The directory format is written by pg_dump into a local folder, file by file: it cannot be
   * streamed through encryption or into several or remote stores.
   */
  private static void checkFormat(ConfigNode node, BackupSettings backup,
      Map<String, Target> targets, Map<String, StoreSpec> stores, EncryptionKeys encryption) {
    if (!backup.format().equals(BackupSettings.DIRECTORY)) {
      return;
    }
    for (Target t : targets.values()) {
      boolean streamed = encryption.enabled() || t.stores().size() > 1
          || !(stores.get(t.stores().get(0)) instanceof StoreSpec.Local);
      if (streamed) {
        node.child("format").problem("directory needs a single local store and no "
            + "encryption, but " + t.name() + " is " + (encryption.enabled() ? "encrypted"
                : "stored in " + String.join(", ", t.stores()))
            + "; use format: auto (custom where the directory format cannot be) or custom");
        return;
      }
    }
  }

  private Map<String, Target> targets(ConfigNode node, Map<String, StoreSpec> stores,
      Path base) {
    Map<String, Target> targets = new LinkedHashMap<>();
    if (node.isMissing()) {
      node.problem("no targets configured; add the database to protect under targets:");
    }
    node.entries().forEach((name, t) -> {
      checkName(t, name);
      t.allowOnly(TARGET_KEYS);
      Optional<ConnectionInfo> connection = connection(t, "5432", base);
      List<String> critical = t.strings("critical_tables");
      for (String table : critical) {
        if (!table.matches("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?")) {
          t.child("critical_tables").problem("'" + Names.shown(table) + "' is not a table name "
              + "like public.orders");
        }
      }
      List<String> timeColumns = t.strings("time_columns");
      for (String column : timeColumns) {
        if (!column.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
          t.child("time_columns").problem("'" + Names.shown(column) + "' is not a column name "
              + "like placed_at");
        }
      }
      Duration rpo = t.duration("rpo", Duration.ofHours(25));
      Duration rto = t.duration("rto", Duration.ofHours(1));
      List<String> targetStores = t.strings("stores");
      if (targetStores.isEmpty()) {
        targetStores = List.copyOf(stores.keySet());
      }
      for (String s : targetStores) {
        if (!stores.containsKey(s)) {
          t.child("stores").problem("no store named '" + Names.shown(s) + "'; known stores: "
              + String.join(", ", stores.keySet()));
        }
      }
      List<String> checks = t.strings("checks");
      Optional<ConnectionInfo> verifyServer = Optional.empty();
      ConfigNode vs = t.child("verify_server");
      if (!vs.isMissing()) {
        vs.allowOnly(CONNECTION_KEYS);
        verifyServer = connection(vs, "5432", base);
      }
      Optional<Boolean> pooler = t.has("pooler") ? Optional.of(t.bool("pooler", false))
          : Optional.empty();
      KeepPrevious keep = KeepPrevious.DEFAULT;
      ConfigNode kp = t.child("keep_previous");
      if (!kp.isMissing()) {
        kp.allowOnly(Set.of("count", "for"));
        keep = new KeepPrevious(kp.integer("count", KeepPrevious.DEFAULT.count(), 0, 100),
            kp.duration("for", KeepPrevious.DEFAULT.maxAge()));
      }
      if (connection.isPresent() && !targetStores.isEmpty()) {
        targets.put(name, new Target(name, connection.get(), critical, rpo, rto, targetStores,
            checks, verifyServer, pooler, keep, timeColumns));
      }
    });
    return targets;
  }

  /** Reads url or host/port/database/user, plus password_env / password_file, from a node. */
  Optional<ConnectionInfo> connection(ConfigNode t, String defaultPort, Path base) {
    Optional<Secret> password = password(t, base);
    Map<String, String> options = new LinkedHashMap<>();
    for (LibpqParameter p : LibpqParameter.values()) {
      t.optionalString(p.key()).ifPresent(v -> options.put(p.key(),
          checkedOption(t.child(p.key()), p, v, base)));
    }
    if (t.has("url")) {
      if (t.has("host") || t.has("database")) {
        t.problem("give either url or host/port/database/user, not both");
      }
      String raw = t.child("url").rawString().orElse("");
      Optional<String> url = t.optionalString("url");
      if (url.isEmpty()) {
        return Optional.empty();
      }
      return parseUrl(t.child("url"), url.get(), passwordIsLiteral(raw), password, options, base);
    }
    Optional<String> host = t.requiredString("host", "db.example.com (or url: postgresql://...)");
    Optional<String> database = t.requiredString("database", "shop");
    String user = t.string("user", "postgres");
    int port = t.integer("port", Integer.parseInt(defaultPort), 1, 65535);
    if (host.isEmpty() || database.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ConnectionInfo(host.get(), port, database.get(), user, password, options));
  }

  /**
   * A libpq parameter's value as the tools and the driver should get it: checked against what
   * libpq accepts, and a file name made absolute (the tools run in another directory) and
   * checked to exist, so a wrong path is reported here and not as "server unreachable".
   */
  private static String checkedOption(ConfigNode node, LibpqParameter parameter, String value,
      Path base) {
    parameter.problem(value).ifPresent(p -> node.problem(parameter.key() + " " + p + ", not '"
        + Names.shown(value) + "'"));
    if (!parameter.isPath() || value.equals("system")) { // sslrootcert=system: the OS's CAs
      return value;
    }
    Path file = base.resolve(value).toAbsolutePath().normalize();
    if (!Files.isReadable(file)) {
      node.problem(parameter.key() + " names " + file + ", which does not exist or cannot be "
          + "read by this user; give the path of the " + what(parameter) + " file");
    }
    return file.toString();
  }

  private static String what(LibpqParameter parameter) {
    return switch (parameter) {
      case SSLROOTCERT -> "CA certificate (PEM) that signed the server's certificate";
      case SSLCERT -> "client certificate (PEM)";
      case SSLKEY -> "client key";
      default -> parameter.key();
    };
  }

  private static String unknownParameter(String key) {
    String hint = ConfigNode.nearest(key, LibpqParameter.keys()).map(k -> "did you mean " + k
        + "? ").orElse("");
    String why = key.equals("sslpassword") || key.startsWith("keepalives")
        || key.equals("tcp_user_timeout") || key.equals("passfile") || key.equals("service")
        ? "libpq has no environment variable for it, so Lifeboat could not hand it to pg_dump "
            + "without putting it on a command line. " : "";
    return "unknown connection parameter '" + Names.shown(key) + "'; " + hint + why
        + "(known: " + String.join(", ", new java.util.TreeSet<>(LibpqParameter.keys())) + ")";
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return java.util.Collections.unmodifiableSet(all); // keeps the order for "known here"
  }

  /** Whether the url as written in the file carries a password that is not a ${VARIABLE}. */
  private static boolean passwordIsLiteral(String raw) {
    int scheme = raw.indexOf("://");
    int at = raw.indexOf('@', scheme + 3);
    if (scheme < 0 || at < 0) {
      return false;
    }
    String userInfo = raw.substring(scheme + 3, at);
    int colon = userInfo.indexOf(':');
    return colon >= 0 && !userInfo.substring(colon + 1).contains("${");
  }

  private Optional<ConnectionInfo> parseUrl(ConfigNode node, String text, boolean literal,
      Optional<Secret> password, Map<String, String> options, Path base) {
    String url = text.startsWith("jdbc:") ? text.substring(5) : text;
    try {
      URI uri = new URI(url);
      if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
        node.problem("must start with postgresql:// (for example "
            + "postgresql://lifeboat@db.example.com:5432/shop)");
        return Optional.empty();
      }
      String userInfo = uri.getRawUserInfo();
      String user = "postgres";
      if (userInfo != null) {
        int colon = userInfo.indexOf(':');
        user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        if (colon >= 0) {
          if (literal) {
            node.problem("contains a password; passwords do not belong in the YAML. Remove it and "
                + "use password_env: NAME or password_file: PATH (or url: ${DATABASE_URL})");
            return Optional.empty();
          }
          if (password.isEmpty()) {
            password = Optional.of(Secret.of(decode(userInfo.substring(colon + 1)), "url"));
          }
        }
      }
      if (uri.getHost() == null) {
        node.problem("has no host; write postgresql://USER@HOST:PORT/DATABASE");
        return Optional.empty();
      }
      String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
      if (path.isEmpty()) {
        node.problem("has no database name; write postgresql://USER@HOST:PORT/DATABASE");
        return Optional.empty();
      }
      if (uri.getRawQuery() != null) {
        for (String pair : uri.getRawQuery().split("&")) {
          int eq = pair.indexOf('=');
          String key = decode(eq < 0 ? pair : pair.substring(0, eq));
          String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
          Optional<LibpqParameter> known = LibpqParameter.named(key);
          if (known.isEmpty()) {
            node.problem(unknownParameter(key));
          } else if (!options.containsKey(key)) { // a key of its own in the YAML wins
            options.put(key, checkedOption(node, known.get(), value, base));
          }
        }
      }
      int port = uri.getPort() < 0 ? 5432 : uri.getPort();
      return Optional.of(new ConnectionInfo(uri.getHost(), port, decode(path), user, password,
          options));
    } catch (URISyntaxException e) {
      node.problem("is not a valid connection URL (" + e.getReason() + "); write "
          + "postgresql://USER@HOST:PORT/DATABASE");
      return Optional.empty();
    }
  }

  private Optional<Secret> password(ConfigNode t, Path base) {
    if (t.has("password")) {
      t.child("password").problem("passwords do not belong in the YAML; use password_env: NAME "
          + "or password_file: PATH");
    }
    Optional<String> env = t.optionalString("password_env");
    Optional<String> file = t.optionalString("password_file");
    if (env.isPresent() && file.isPresent()) {
      t.problem("give either password_env or password_file, not both");
    }
    if (env.isPresent()) {
      Optional<String> value = t.context().environment(env.get());
      if (value.isEmpty()) {
        t.child("password_env").problem(env.get() + " is not set; export " + env.get()
            + " (or " + env.get() + "_FILE=PATH) before starting Lifeboat"
            + SecretFiles.unreadableHint(env.get(), environment));
        return Optional.empty();
      }
      return Optional.of(Secret.of(value.get(), "env " + env.get()));
    }
    if (file.isPresent()) {
      // Relative to the config file, like every other path in it.
      Path path = base.resolve(file.get()).normalize();
      try {
        return Optional.of(Secret.of(Files.readString(path).strip(), "file " + path));
      } catch (IOException e) {
        t.child("password_file").problem(path + " cannot be read (" + e.getClass().getSimpleName()
            + "); check the path and that Lifeboat's user may read it");
      }
    }
    return Optional.empty();
  }

  private BackupSettings backup(ConfigNode node) {
    node.allowOnly(Set.of("compression", "format", "jobs"));
    BackupSettings defaults = BackupSettings.defaults();
    String compression = node.string("compression", defaults.compression());
    if (!compression.matches("auto|\\d|none|(gzip|lz4|zstd)(:\\d{1,2})?")) {
      node.child("compression").problem("must be auto, a gzip level 0-9, or gzip:N, lz4, zstd:N "
          + "or none (PostgreSQL 16+ for lz4/zstd), not '" + Names.shown(compression) + "'");
    }
    String format = node.string("format", defaults.format());
    if (!Set.of(BackupSettings.AUTO, BackupSettings.CUSTOM, BackupSettings.DIRECTORY)
        .contains(format)) {
      node.child("format").problem("must be auto, custom or directory, not '"
          + Names.shown(format) + "'");
      format = defaults.format();
    }
    int jobs = node.integer("jobs", defaults.jobs(), 1, BackupSettings.MAX_JOBS);
    return new BackupSettings(compression, format, jobs);
  }

  private static InstanceSettings instance(ConfigNode node) {
    node.allowOnly(Set.of("lease", "shutdown_grace"));
    Duration lease = node.duration("lease", InstanceSettings.DEFAULT_LEASE);
    if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
      node.child("lease").problem("must be at least 1s; another instance takes a run over once "
          + "its owner has not renewed the lease for this long (default 30s)");
    }
    Duration grace = node.duration("shutdown_grace", InstanceSettings.DEFAULT_SHUTDOWN_GRACE);
    return new InstanceSettings(lease, grace);
  }

  private StateSettings state(ConfigNode node, Path base) {
    node.allowOnly(union(CONNECTION_KEYS, Set.of("type", "path")));
    String type = node.string("type", "embedded");
    switch (type) {
      case "embedded":
        return StateSettings.embedded(base.resolve(node.string("path", "state/lifeboat")).normalize());
      case "postgresql":
        return connection(node, "5432", base).map(StateSettings::postgres)
            .orElse(StateSettings.embedded(base.resolve("state/lifeboat")));
      default:
        node.child("type").problem("must be embedded or postgresql, not '" + Names.shown(type) + "'");
        return StateSettings.embedded(base.resolve("state/lifeboat"));
    }
  }

  private Map<String, Group> groups(ConfigNode node, Set<String> targets) {
    Map<String, Group> groups = new LinkedHashMap<>();
    node.entries().forEach((name, g) -> {
      checkName(g, name);
      g.allowOnly(Set.of("may", "targets", "discord_role"));
      Set<Action> may = EnumSet.noneOf(Action.class);
      for (String a : g.strings("may")) {
        Action.fromConfig(a).ifPresentOrElse(may::add, () -> g.child("may").problem("unknown "
            + "action '" + Names.shown(a) + "'; actions are view, backup, verify, restore, drill, "
            + "approve, cancel"));
      }
      List<String> groupTargets = g.has("targets") ? g.strings("targets") : List.of("*");
      for (String t : groupTargets) {
        if (!t.equals("*") && !targets.contains(t)) {
          g.child("targets").problem("no target named '" + Names.shown(t) + "'");
        }
      }
      Map<String, String> roles = new LinkedHashMap<>();
      g.optionalString("discord_role").map(String::strip).ifPresent(role -> {
        if (role.matches("[0-9]{1,20}")) {
          roles.put("discord", role);
        } else {
          g.child("discord_role").problem("'" + Names.shown(role) + "' is not a Discord role "
              + "id; role ids are numbers (Server Settings → Roles → right-click → Copy Role "
              + "ID, with Developer Mode on)");
        }
      });
      groups.put(name, new Group(name, may, groupTargets, roles));
    });
    return groups;
  }

  private Map<String, Person> people(ConfigNode node, Set<String> groups) {
    Map<String, Person> people = new LinkedHashMap<>();
    node.entries().forEach((name, p) -> {
      checkName(p, name);
      p.allowOnly(PERSON_KEYS);
      Set<String> memberOf = new LinkedHashSet<>(p.strings("groups"));
      for (String g : memberOf) {
        if (!groups.contains(g)) {
          p.child("groups").problem("no group named '" + Names.shown(g) + "'; define it under "
              + "groups:");
        }
      }
      Map<String, String> chatIds = new LinkedHashMap<>();
      for (String platform : CHAT_PLATFORMS) {
        p.optionalString(platform).ifPresent(id -> chatIds.put(platform, id));
      }
      people.put(name, new Person(name, memberOf, chatIds));
    });
    return people;
  }

  private ChatSettings chat(ConfigNode node) {
    // Platform sections without a reader here (the engine alone, in its tests) are left to
    // the adapters; the bot always registers its own.
    java.util.Set<String> known = new java.util.TreeSet<>(CHAT_PLATFORMS);
    known.add("console");
    sections.forEach(section -> known.add(section.platform()));
    node.allowOnly(known);
    ConfigNode console = node.child("console");
    console.allowOnly(Set.of("enabled", "impersonation"));
    Map<String, Object> adapters = new LinkedHashMap<>();
    for (ChatSection<?> section : sections) {
      ConfigNode child = node.child(section.platform());
      if (!child.isMissing()) {
        section.read(child).ifPresent(settings -> adapters.put(section.platform(), settings));
      }
    }
    return new ChatSettings(console.bool("enabled", true), console.bool("impersonation", false),
        adapters);
  }

  private static void checkName(ConfigNode node, String name) {
    if (!Names.isValid(name)) {
      node.problem("'" + Names.shown(name) + "' is not a usable name: use letters, digits, '-', "
          + "'_' or '.', starting with a letter or digit");
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
