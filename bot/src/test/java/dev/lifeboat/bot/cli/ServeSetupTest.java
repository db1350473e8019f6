package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.config.LifeboatConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether a command handed to a serve would run there as in its own process: the shipped
 * example configuration (every section: targets, schedules, chat, escalation, incidents) plus an
 * S3 store and encryption keys, read twice.
 */
class ServeSetupTest {
  private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  @TempDir Path dir;

  private Path file;
  private final Map<String, String> environment = new HashMap<>(Map.of(
      "SHOP_DB_PASSWORD", "s3cret", "SLACK_BOT_TOKEN", "xoxb-1", "SLACK_APP_TOKEN", "xapp-1",
      "DISCORD_TOKEN", "discord-1", "LIFEBOAT_KEY_K2026", KEY, "AWS_ACCESS_KEY_ID", "AKIA",
      "AWS_SECRET_ACCESS_KEY", "secret", "HOME", "/root"));

  @BeforeEach
  void copyTheExample() throws IOException {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    file = dir.resolve("lifeboat.yaml");
    Files.writeString(file, Files.readString(repo.resolve("config/lifeboat.yaml"))
        .replace("stores:\n", "stores:\n  offsite: {type: s3, bucket: acme-lifeboat, region: "
            + "eu-central-1}\n")
        + "encryption:\n  keys: {k2026: {env: LIFEBOAT_KEY_K2026}}\n");
    Files.createDirectory(dir.resolve("runbooks"));
    try (Stream<Path> runbooks = Files.list(repo.resolve("config/runbooks"))) {
      for (Path r : runbooks.toList()) {
        Files.copy(r, dir.resolve("runbooks").resolve(r.getFileName()));
      }
    }
  }

  private LifeboatConfig read(Map<String, String> env) {
    return ConfigOption.loader(env).load(file);
  }

  @Test
  void theSameFilesAndSecretsAreTheSameSetupWhateverElseTheEnvironmentHolds() {
    ServeSetup serve = ServeSetup.of(read(environment), environment);
    Map<String, String> cron = new HashMap<>(environment);
    cron.put("SHLVL", "1");
    cron.put("SLACK_BOT_TOKEN", "xoxb-2");
    cron.remove("HOME");

    assertThat(serve.differs(read(cron), cron)).isEmpty();
  }

  @Test
  void anotherSecretOrConfigurationIsAnotherSetup() throws IOException {
    ServeSetup serve = ServeSetup.of(read(environment), environment);
    // The chat tokens do not count: a handed command's run is posted by the serve's chats.
    for (String name : new String[] {"SHOP_DB_PASSWORD", "LIFEBOAT_KEY_K2026",
        "AWS_SECRET_ACCESS_KEY"}) {
      Map<String, String> other = new HashMap<>(environment);
      other.put(name, name.equals("LIFEBOAT_KEY_K2026")
          ? "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=" : "other");
      assertThat(serve.differs(read(other), other)).as(name).isPresent();
    }
    Files.writeString(file, Files.readString(file).replace("lease: 30s", "lease: 40s"));
    assertThat(serve.differs(read(environment), environment)).get().asString()
        .contains("reads differently");
  }

  @Test
  void anEditedRunbookOrAVariableItNamesIsAnotherSetup() throws IOException {
    Path backup = dir.resolve("runbooks/backup.yaml");
    ServeSetup serve = ServeSetup.of(read(environment), environment);
    Files.writeString(backup, Files.readString(backup) + "\n# edited\n");
    assertThat(serve.differs(read(environment), environment)).get().asString()
        .contains("runbooks were edited");

    Files.writeString(backup, Files.readString(backup) + "# passes SHOP_NOTIFY_URL on\n");
    serve = ServeSetup.of(read(environment), environment);
    Map<String, String> other = new HashMap<>(environment);
    other.put("SHOP_NOTIFY_URL", "https://elsewhere.example");
    assertThat(serve.differs(read(other), other)).get().asString()
        .contains("SHOP_NOTIFY_URL");
  }

  @Test
  void onlyAFolderOfTheUsersOwnIsUsedForSockets() throws IOException {
    Path open = dir.resolve("open");
    Files.createDirectory(open, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(ServeSockets.safe(open)).as("readable by others").isFalse();
    assertThat(ServeSockets.prepare(open)).isFalse();

    Path own = dir.resolve("own");
    assertThat(ServeSockets.prepare(own)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(own)))
        .isEqualTo("rwx------");
    Path link = dir.resolve("link");
    Files.createSymbolicLink(link, own);
    assertThat(ServeSockets.safe(link)).as("a symbolic link, which someone could repoint")
        .isFalse();
  }
}
