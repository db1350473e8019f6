package dev.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifeboat.access.Action;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.store.StoreSpec;
import dev.lifeboat.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String SHOP_PASSWORD = "s3cr3t-shop-pw";
  private static final String BILLING_PASSWORD = "b1ll1ng-pw";

  @TempDir Path tempDir;
  private Path configDir;
  private Path configFile;

  @BeforeEach
  void createFolders() throws IOException {
    configDir = tempDir.resolve("etc");
    Files.createDirectories(configDir.resolve("runbooks"));
    configFile = configDir.resolve("lifeboat.yaml");
  }

  // ---------------------------------------------------------------- a valid configuration

  @Test
  void loadsValidConfigWithUrlAndHostTargets() throws IOException {
    LifeboatConfig config = load("""
        targets:
          shop:
            url: postgresql://lifeboat@db.example.com:5433/shop?sslmode=require
            password_env: SHOP_DB_PASSWORD
            critical_tables: [public.orders, customers]
          billing:
            host: ${BILLING_HOST}
            port: 6000
            database: billing
            user: biller
            password_env: BILLING_PW
            rpo: 2h
            rto: 30m
            stores: [offsite]
        stores:
          local: {type: local, path: backups}
          offsite: {path: ../offsite}
        state: {path: state/lb}
        people:
          alice: {groups: [on-call], slack: U024BE7LH}
        groups:
          on-call: {may: [backup, verify], targets: [shop]}
        """, Map.of("SHOP_DB_PASSWORD", SHOP_PASSWORD, "BILLING_PW", BILLING_PASSWORD,
        "BILLING_HOST", "billing.internal"));

    assertThat(config.file()).isEqualTo(configFile.toAbsolutePath().normalize());
    assertThat(config.targets()).containsOnlyKeys("shop", "billing");

    Target shop = config.target("shop");
    ConnectionInfo shopDb = shop.connection();
    assertThat(shopDb.host()).isEqualTo("db.example.com");
    assertThat(shopDb.port()).isEqualTo(5433);
    assertThat(shopDb.database()).isEqualTo("shop");
    assertThat(shopDb.user()).isEqualTo("lifeboat");
    assertThat(shopDb.options()).containsEntry("sslmode", "require");
    assertThat(shopDb.password()).hasValueSatisfying(secret -> {
      assertThat(secret.reveal()).isEqualTo(SHOP_PASSWORD);
      assertThat(secret.origin()).isEqualTo("env SHOP_DB_PASSWORD");
      assertThat(secret.toString()).doesNotContain(SHOP_PASSWORD).contains("SHOP_DB_PASSWORD");
    });
    assertThat(shop.criticalTables()).containsExactly("public.orders", "customers");
    assertThat(shop.rpo()).isEqualTo(Duration.ofHours(25));
    assertThat(shop.rto()).isEqualTo(Duration.ofHours(1));
    assertThat(shop.stores()).as("no stores given means all stores")
        .containsExactly("local", "offsite");

    Target billing = config.target("billing");
    ConnectionInfo billingDb = billing.connection();
    assertThat(billingDb.host()).as("${BILLING_HOST} interpolated").isEqualTo("billing.internal");
    assertThat(billingDb.port()).isEqualTo(6000);
    assertThat(billingDb.database()).isEqualTo("billing");
    assertThat(billingDb.user()).isEqualTo("biller");
    assertThat(billingDb.password()).map(Secret::reveal).contains(BILLING_PASSWORD);
    assertThat(billing.rpo()).isEqualTo(Duration.ofHours(2));
    assertThat(billing.rto()).isEqualTo(Duration.ofMinutes(30));
    assertThat(billing.stores()).containsExactly("offsite");
    assertThat(billing.primaryStore()).isEqualTo("offsite");

    assertThat(((StoreSpec.Local) config.stores().get("local")).path())
        .isEqualTo(configDir.resolve("backups"));
    assertThat(config.stores().get("local").type()).isEqualTo("local");
    assertThat(((StoreSpec.Local) config.stores().get("offsite")).path())
        .isEqualTo(tempDir.resolve("offsite"));
    assertThat(config.state().embeddedPath()).contains(configDir.resolve("state/lb"));
    assertThat(config.state().postgres()).isEmpty();
    assertThat(config.runbooks()).isEqualTo(configDir.resolve("runbooks"));
    assertThat(config.backup().compression()).isEqualTo("auto");
    assertThat(config.chat().console()).isTrue();
    assertThat(config.chat().impersonation()).isFalse();

    assertThat(config.people().get("alice").groups()).containsExactly("on-call");
    assertThat(config.people().get("alice").chatId("slack")).contains("U024BE7LH");
    assertThat(config.groups().get("on-call").may())
        .containsExactlyInAnyOrder(Action.BACKUP, Action.VERIFY);
    assertThat(config.groups().get("on-call").targets()).containsExactly("shop");

    assertThat(config.toString()).doesNotContain(SHOP_PASSWORD).doesNotContain(BILLING_PASSWORD);
  }

  @Test
  void appliesDefaultsToMinimalConfig() throws IOException {
    LifeboatConfig config = load("""
        targets:
          shop: {host: db, database: shop}
        stores:
          local: {path: /var/backups/lifeboat}
        """, Map.of());

    Target shop = config.target("shop");
    assertThat(shop.connection().port()).isEqualTo(5432);
    assertThat(shop.connection().user()).isEqualTo("postgres");
    assertThat(shop.connection().password()).isEmpty();
    assertThat(shop.rpo()).isEqualTo(Duration.ofHours(25));
    assertThat(shop.stores()).containsExactly("local");
    assertThat(((StoreSpec.Local) config.stores().get("local")).path())
        .isEqualTo(Path.of("/var/backups/lifeboat"));
    assertThat(config.backup().compression()).isEqualTo("auto");
    assertThat(config.backup().format()).isEqualTo("auto");
    assertThat(config.state().embeddedPath()).contains(configDir.resolve("state/lifeboat"));
    assertThat(config.defaultTarget().name()).isEqualTo("shop");
    assertThat(shop.pooler()).isEmpty();
    assertThat(shop.keepPrevious()).isEqualTo(dev.lifeboat.target.KeepPrevious.DEFAULT);
  }

  @Test
  void aTargetCanSayItIsNoPoolerAndHowLongReplacedDatabasesAreKept() throws IOException {
    LifeboatConfig config = load("""
        targets:
          shop:
            host: db.example.com
            port: 6543
            database: shop
            pooler: false
            keep_previous: {count: 2, for: 3d}
        stores:
          local: {path: /var/backups/lifeboat}
        """, Map.of());

    Target shop = config.target("shop");
    assertThat(shop.connection().looksLikePooler()).isTrue();
    assertThat(shop.throughPooler()).isFalse();
    assertThat(shop.keepPrevious()).isEqualTo(new dev.lifeboat.target.KeepPrevious(2,
        Duration.ofDays(3)));
  }

  @Test
  void acceptsPasswordInUrlThatComesFromEnvironment() throws IOException {
    LifeboatConfig config = load("""
        targets:
          shop:
            url: ${DATABASE_URL}
        stores:
          local: {path: backups}
        """, Map.of("DATABASE_URL", "postgresql://app:pw%40from-env@db.internal:5432/orders"));

    ConnectionInfo db = config.target("shop").connection();
    assertThat(db.host()).isEqualTo("db.internal");
    assertThat(db.database()).isEqualTo("orders");
    assertThat(db.user()).isEqualTo("app");
    assertThat(db.password()).map(Secret::reveal).contains("pw@from-env");
    assertThat(db.toString()).doesNotContain("pw@from-env").doesNotContain("pw%40from-env");
    assertThat(config.toString()).doesNotContain("from-env");
  }

  @Test
  void readsPasswordFromFile() throws IOException {
    Path passwordFile = tempDir.resolve("shop.pass");
    Files.writeString(passwordFile, "from-a-file\n");

    LifeboatConfig config = load("""
        targets:
          shop: {host: db, database: shop, password_file: %s}
        stores:
          local: {path: backups}
        """.formatted(passwordFile), Map.of());

    assertThat(config.target("shop").connection().password()).hasValueSatisfying(secret -> {
      assertThat(secret.reveal()).isEqualTo("from-a-file");
      assertThat(secret.toString()).doesNotContain("from-a-file");
    });
  }

  // ---------------------------------------------------------------- problems

  @Test
  void reportsEveryProblemAtOnceWithFileAndKeyPath() throws IOException {
    ConfigException e = problems("""
        targets:
          shop:
            host: db
            database: shop
            password_env: SHOP_DB_PASSWORD
            rpo: soon
            stores: [local, tape]
        stores:
          local: {path: backups}
        people:
          alice: {groups: [on-call, wizards]}
        groups:
          on-call: {may: [backup, delete]}
        """, Map.of());

    assertThat(e.problems()).hasSize(5);
    assertThat(e.getMessage()).startsWith("The configuration has 5 problems:");
    assertThat(e.getMessage())
        .contains("lifeboat.yaml: targets.shop.password_env: SHOP_DB_PASSWORD is not set")
        .contains("lifeboat.yaml: targets.shop.rpo: must be a duration such as 30s, 15m, 25h or "
            + "1d, not 'soon'")
        .contains("lifeboat.yaml: targets.shop.stores: no store named 'tape'; known stores: local")
        .contains("lifeboat.yaml: people.alice.groups: no group named 'wizards'")
        .contains("lifeboat.yaml: groups.on-call.may: unknown action 'delete'");
  }

  @Test
  void aTargetNamesItsTimeColumnsAndABadNameIsReported() throws IOException {
    String yaml = """
        targets:
          shop: {host: db, database: shop, time_columns: [%s]}
        stores:
          local: {path: backups}
        """;
    assertThat(load(yaml.formatted("placed_at, paid_at"), Map.of()).target("shop")
        .timeColumns()).containsExactly("placed_at", "paid_at");

    ConfigException e = problems(yaml.formatted("\"placed at\""), Map.of());
    assertThat(e.problems()).singleElement().asString()
        .endsWith("lifeboat.yaml: targets.shop.time_columns: 'placed at' is not a column name "
            + "like placed_at");
  }

  @Test
  void reportsUnsetPasswordVariable() throws IOException {
    ConfigException e = problems("""
        targets:
          shop: {host: db, database: shop, password_env: SHOP_DB_PASSWORD}
        stores:
          local: {path: backups}
        """, Map.of());

    assertThat(e.problems()).singleElement().asString()
        .endsWith("lifeboat.yaml: targets.shop.password_env: SHOP_DB_PASSWORD is not set; "
            + "export SHOP_DB_PASSWORD (or SHOP_DB_PASSWORD_FILE=PATH) before starting Lifeboat");
  }

  @Test
  void instanceLeaseAndShutdownGraceHaveDefaultsAndAreRead() throws IOException {
    String base = """
        targets:
          shop: {host: db, database: shop}
        stores:
          local: {path: backups}
        """;
    assertThat(load(base, Map.of()).instance())
        .isEqualTo(new dev.lifeboat.run.InstanceSettings(java.time.Duration.ofSeconds(30),
            java.time.Duration.ofSeconds(5)));
    assertThat(load(base + "instance: {lease: 10s, shutdown_grace: 1m}\n", Map.of()).instance())
        .isEqualTo(new dev.lifeboat.run.InstanceSettings(java.time.Duration.ofSeconds(10),
            java.time.Duration.ofMinutes(1)));

    ConfigException e = problems(base + "instance: {lease: 500ms}\n", Map.of());
    assertThat(e.problems()).singleElement().asString()
        .contains("lifeboat.yaml: instance.lease: must be at least 1s");
  }

  @Test
  void reportsUnsetInterpolatedVariable() throws IOException {
    ConfigException e = problems("""
        targets:
          shop: {host: "${SHOP_HOST}", database: shop}
        stores:
          local: {path: backups}
        """, Map.of());

    assertThat(e.getMessage())
        .contains("lifeboat.yaml: targets.shop.host: ${SHOP_HOST} is not set in the environment");
  }

  @Test
  void suggestsTheNearestKeyForATypo() throws IOException {
    ConfigException e = problems("""
        targets:
          shop: {host: db, database: shop, pasword_env: SHOP_DB_PASSWORD}
        stores:
          local: {path: backups}
        """, Map.of("SHOP_DB_PASSWORD", SHOP_PASSWORD));

    assertThat(e.getMessage())
        .contains("lifeboat.yaml: targets.shop.pasword_env: unknown key; did you mean "
            + "password_env?");
  }

  @Test
  void suggestsTheNearestTopLevelKey() throws IOException {
    ConfigException e = problems("""
        target:
          shop: {host: db, database: shop}
        stores:
          local: {path: backups}
        """, Map.of());

    assertThat(e.getMessage())
        .contains("lifeboat.yaml: target: unknown key; did you mean targets?")
        .contains("lifeboat.yaml: targets: no targets configured");
  }

  @Test
  void refusesPasswordKeyWithoutShowingIt() throws IOException {
    ConfigException e = problems("""
        targets:
          shop: {host: db, database: shop, password: hunter2-literal}
        stores:
          local: {path: backups}
        """, Map.of());

    assertThat(e.getMessage())
        .contains("lifeboat.yaml: targets.shop.password: passwords do not belong in the YAML")
        .contains("password_env")
        .doesNotContain("hunter2-literal");
    assertThat(e.problems()).noneMatch(p -> p.contains("hunter2"));
  }

  @Test
  void refusesLiteralPasswordInUrlWithoutShowingIt() throws IOException {
    ConfigException e = problems("""
        targets:
          shop:
            url: postgresql://u:secret-in-url@h/db
        stores:
          local: {path: backups}
        """, Map.of());

    assertThat(e.getMessage())
        .contains("lifeboat.yaml: targets.shop.url: contains a password; passwords do not belong "
            + "in the YAML")
        .doesNotContain("secret-in-url");
  }

  /**
   * Regression: the url used to count as "not literal" as soon as it contained "${" anywhere, so
   * a password typed into the YAML was accepted when only the host came from a variable.
   */
  @Test
  void refusesLiteralPasswordInUrlEvenWhenTheHostIsAVariable() throws IOException {
    Files.writeString(configFile, """
        targets:
          shop:
            url: postgresql://app:typed-into-yaml@${DB_HOST}/shop
        stores:
          local: {path: backups}
        """);

    ConfigException e = catchThrowableOfType(
        () -> new ConfigLoader(Map.of("DB_HOST", "db.internal")).load(configFile),
        ConfigException.class);

    assertThat(e).as("a password typed into the url in lifeboat.yaml must be refused").isNotNull();
    assertThat(e.getMessage()).contains("targets.shop.url: contains a password")
        .doesNotContain("typed-into-yaml");
  }

  @Test
  void refusesBothUrlAndHost() throws IOException {
    ConfigException e = problems("""
        targets:
          shop: {url: "postgresql://u@h/db", host: h, database: db}
        stores:
          local: {path: backups}
        """, Map.of());

    assertThat(e.getMessage())
        .contains("lifeboat.yaml: targets.shop: give either url or host/port/database/user");
  }

  @Test
  void reportsMissingHostAndBadPort() throws IOException {
    ConfigException e = problems("""
        targets:
          shop: {database: shop, port: 70000}
        stores:
          local: {path: backups}
        """, Map.of());

    assertThat(e.getMessage())
        .contains("lifeboat.yaml: targets.shop: missing key host")
        .contains("lifeboat.yaml: targets.shop.port: must be between 1 and 65535, not 70000");
  }

  @Test
  void reportsBadDuration() throws IOException {
    ConfigException e = problems("""
        targets:
          shop: {host: db, database: shop, rto: 5x}
        stores:
          local: {path: backups}
        """, Map.of());

    assertThat(e.problems()).singleElement().asString()
        .endsWith("lifeboat.yaml: targets.shop.rto: must be a duration such as 30s, 15m, 25h or "
            + "1d, not '5x'");
  }

  /**
   * Regression: ConfigNode.parseDuration threw NumberFormatException for numbers too large for a
   * long, so the loader crashed instead of reporting the key.
   */
  @Test
  void reportsOverlongDurationAsAProblem() throws IOException {
    Files.writeString(configFile, """
        targets:
          shop: {host: db, database: shop, rpo: 99999999999999999999h}
        stores:
          local: {path: backups}
        """);

    Throwable thrown = catchThrowableOfType(
        () -> new ConfigLoader(Map.of()).load(configFile), RuntimeException.class);

    assertThat(thrown).isInstanceOf(ConfigException.class);
    assertThat(thrown.getMessage()).contains("lifeboat.yaml: targets.shop.rpo: must be a duration");
  }

  @Test
  void reportsUnknownStoreTypeAndBadCompression() throws IOException {
    ConfigException e = problems("""
        targets:
          shop: {host: db, database: shop}
        stores:
          local: {path: backups}
          cloud: {type: ftp, path: bucket}
        backup: {compression: fast, format: tar, jobs: 99}
        """, Map.of());

    assertThat(e.getMessage())
        .contains("lifeboat.yaml: stores.cloud.type: unknown store type 'ftp'")
        .contains("lifeboat.yaml: backup.compression: must be auto, a gzip level 0-9")
        .contains("not 'fast'")
        .contains("lifeboat.yaml: backup.format: must be auto, custom or directory, not 'tar'")
        .contains("lifeboat.yaml: backup.jobs: must be between 1 and 16, not 99");
  }

  @Test
  void reportsGroupNamingUnknownTarget() throws IOException {
    ConfigException e = problems("""
        targets:
          shop: {host: db, database: shop}
        stores:
          local: {path: backups}
        groups:
          ops: {may: [view], targets: [warehouse]}
        """, Map.of());

    assertThat(e.problems()).singleElement().asString()
        .endsWith("lifeboat.yaml: groups.ops.targets: no target named 'warehouse'");
  }

  @Test
  void reportsMissingRunbookDirectory() throws IOException {
    Files.delete(configDir.resolve("runbooks"));

    ConfigException e = problems("""
        targets:
          shop: {host: db, database: shop}
        stores:
          local: {path: backups}
        """, Map.of());

    assertThat(e.getMessage()).contains("lifeboat.yaml: runbooks: no runbook directory")
        .contains("does not exist");
  }

  @Test
  void reportsHostileNames() throws IOException {
    ConfigException e = problems("""
        targets:
          "sh;op": {host: db, database: shop}
        stores:
          local: {path: backups}
        people:
          "rm -rf": {}
        """, Map.of());

    assertThat(e.getMessage())
        .contains("'sh;op' is not a usable name: use letters, digits")
        .contains("'rm -rf' is not a usable name");
  }

  @Test
  void reportsInvalidYamlWithLineNumber() throws IOException {
    ConfigException e = problems("""
        targets:
          shop:
            host: a
          database: b: c
        """, Map.of());

    assertThat(e.getMessage()).contains("lifeboat.yaml: line 4: this is not valid YAML");
  }

  @Test
  void reportsMissingFile() {
    Path missing = configDir.resolve("nope.yaml");

    ConfigException e = catchThrowableOfType(
        () -> new ConfigLoader(Map.of()).load(missing), ConfigException.class);

    assertThat(e.getMessage()).isEqualTo(missing + ": no such file. Pass --config PATH or copy "
        + "config/lifeboat.yaml from the Lifeboat repository.");
  }

  @Test
  void reportsEmptyFile() throws IOException {
    ConfigException e = problems("", Map.of());

    assertThat(e.getMessage()).contains("lifeboat.yaml: is empty or not a mapping");
  }

  @Test
  void everyLibpqParameterOfTheUrlReachesTheDriverAndTheTools() throws IOException {
    Files.writeString(configDir.resolve("rds-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    LifeboatConfig config = load("""
        targets:
          shop:
            url: postgresql://lifeboat@db.example.com/shop?sslmode=verify-full&sslrootcert=rds-ca.pem&connect_timeout=5&target_session_attrs=read-write&application_name=lifeboat-prod&options=-c%20statement_timeout%3D0
            password_env: SHOP_DB_PASSWORD
        stores:
          local: {type: local, path: backups}
        """, Map.of("SHOP_DB_PASSWORD", SHOP_PASSWORD));

    ConnectionInfo c = config.target("shop").connection();
    String ca = configDir.resolve("rds-ca.pem").toAbsolutePath().normalize().toString();
    assertThat(c.jdbcProperties())
        .containsEntry("sslmode", "verify-full")
        .containsEntry("sslrootcert", ca)
        .containsEntry("connectTimeout", "5")
        .containsEntry("targetServerType", "primary")
        .containsEntry("ApplicationName", "lifeboat-prod")
        .containsEntry("options", "-c statement_timeout=0");
    assertThat(c.libpqEnvironment())
        .containsEntry("PGSSLMODE", "verify-full")
        .containsEntry("PGSSLROOTCERT", ca)
        .containsEntry("PGCONNECT_TIMEOUT", "5")
        .containsEntry("PGTARGETSESSIONATTRS", "read-write")
        .containsEntry("PGAPPNAME", "lifeboat-prod")
        .containsEntry("PGOPTIONS", "-c statement_timeout=0");
    // A restore's own setting comes after the target's, and does not replace it.
    ConnectionInfo writable = c.withServerOption("-c default_transaction_read_only=off");
    assertThat(writable.libpqEnvironment()).containsEntry("PGOPTIONS",
        "-c statement_timeout=0 -c default_transaction_read_only=off");
    assertThat(writable.jdbcProperties()).containsEntry("options",
        "-c statement_timeout=0 -c default_transaction_read_only=off");
    assertThat(config.target("shop").connection().withDatabase("other")
        .withServerOption("-c x=1").libpqEnvironment()).containsEntry("PGOPTIONS",
            "-c statement_timeout=0 -c x=1").containsEntry("PGDATABASE", "other");
  }

  @Test
  void aTargetKeyOverridesTheUrlAndUnknownParametersAreNamed() throws IOException {
    ConfigException e = problems("""
        targets:
          shop:
            url: postgresql://lifeboat@db.example.com/shop?sslmod=require&keepalives=1
            password_env: SHOP_DB_PASSWORD
            connect_timeout: soon
        stores:
          local: {type: local, path: backups}
        """, Map.of("SHOP_DB_PASSWORD", SHOP_PASSWORD));

    assertThat(e.getMessage())
        .contains("targets.shop.url: unknown connection parameter 'sslmod'; did you mean sslmode?")
        .contains("targets.shop.url: unknown connection parameter 'keepalives'; libpq has no "
            + "environment variable for it")
        .contains("targets.shop.connect_timeout: connect_timeout must be a number of seconds");
  }

  @Test
  void withoutARunbookFolderTheShippedRunbooksAreUsed() throws IOException {
    Files.delete(configDir.resolve("runbooks"));
    Path home = Files.createDirectories(tempDir.resolve("opt/lifeboat/config/runbooks"));
    String yaml = """
        targets:
          shop: {host: db, database: shop}
        stores:
          local: {path: backups}
        """;

    LifeboatConfig config = load(yaml, Map.of("LIFEBOAT_HOME", home.getParent().getParent()
        .toString()));
    assertThat(config.runbooks()).isEqualTo(home);

    ConfigException e = problems(yaml, Map.of());
    assertThat(e.getMessage()).contains("lifeboat.yaml: runbooks: no runbook directory: "
        + configDir.resolve("runbooks") + " does not exist");
  }

  // ---------------------------------------------------------------- helpers

  private LifeboatConfig load(String yaml, Map<String, String> environment) throws IOException {
    Files.writeString(configFile, yaml);
    return new ConfigLoader(environment).load(configFile);
  }

  private ConfigException problems(String yaml, Map<String, String> environment)
      throws IOException {
    Files.writeString(configFile, yaml);
    ConfigException e = catchThrowableOfType(
        () -> new ConfigLoader(environment).load(configFile), ConfigException.class);
    assertThat(e).as("loading should fail with a ConfigException").isNotNull();
    assertThat(e.problems()).allSatisfy(p -> assertThat(p).startsWith(configFile.toString()));
    return e;
  }
}
