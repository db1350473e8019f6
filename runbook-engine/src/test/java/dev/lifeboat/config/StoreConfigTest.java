package dev.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifeboat.store.S3Settings;
import dev.lifeboat.store.StoreSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lifeboat.yaml's S3 stores and encryption keys: read, and refused with the fix. */
class StoreConfigTest {
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String HEAD = """
      targets:
        shop: {host: db, database: shop, stores: [local, offsite]}
      """;

  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void runbooks() throws IOException {
    Files.createDirectories(dir.resolve("runbooks"));
    file = dir.resolve("lifeboat.yaml");
  }

  @Test
  void readsAnR2StoreWithCredentialsFromTheEnvironmentAndAKeyFromAFile() throws IOException {
    Files.writeString(dir.resolve("k2026"), KEY + "\n");
    LifeboatConfig config = load(HEAD + """
        stores:
          local: {path: backups}
          offsite:
            type: s3
            bucket: lifeboat-backups
            prefix: prod
            endpoint: https://acct.r2.cloudflarestorage.com
            access_key_id_env: R2_KEY
            secret_access_key_env: R2_SECRET
        encryption:
          key: k2026
          keys:
            k2026: {file: k2026}
            k2025: {env: OLD_KEY}
        """, Map.of("R2_KEY", "id-1", "R2_SECRET", "very-secret", "OLD_KEY", KEY));

    S3Settings s3 = ((StoreSpec.S3) config.stores().get("offsite")).settings();
    assertThat(s3.bucket()).isEqualTo("lifeboat-backups");
    assertThat(s3.prefix()).isEqualTo("prod/");
    assertThat(s3.region()).isEqualTo("auto");
    assertThat(s3.endpoint()).contains(URI.create("https://acct.r2.cloudflarestorage.com"));
    assertThat(s3.accessKeyId().orElseThrow().reveal()).isEqualTo("id-1");
    assertThat(s3.toString()).doesNotContain("very-secret");
    assertThat(s3.partSize()).isEqualTo(S3Settings.DEFAULT_PART);
    assertThat(config.encryption().current()).contains("k2026");
    assertThat(config.encryption().ids()).containsExactlyInAnyOrder("k2026", "k2025");
    assertThat(config.target("shop").stores()).containsExactly("local", "offsite");
  }

  @Test
  void withoutCredentialKeysTheStandardChainIsUsedAndTheOnlyKeyIsCurrent() throws IOException {
    LifeboatConfig config = load(HEAD + """
        stores:
          local: {path: backups}
          offsite: {type: s3, bucket: lifeboat-backups, region: eu-central-1}
        encryption:
          keys: {only: {env: K}}
        """, Map.of("K", KEY));

    S3Settings s3 = ((StoreSpec.S3) config.stores().get("offsite")).settings();
    assertThat(s3.accessKeyId()).isEmpty();
    assertThat(s3.region()).isEqualTo("eu-central-1");
    assertThat(s3.endpoint()).isEmpty();
    assertThat(config.encryption().current()).contains("only");
  }

  @Test
  void reportsEveryMistakeWithItsKeyAndNeverTheSecret() throws IOException {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    ConfigException e = problems(HEAD + """
        stores:
          local: {path: backups}
          offsite:
            type: s3
            endpoint: not a url
            access_key_id_env: R2_KEY
            part_size_mb: 2
            secret: x
        encryption:
          keys:
            a: {env: SHORT}
            b: {env: UNSET}
            c: {}
        backup: {format: directory}
        """, Map.of("R2_KEY", "id-1", "SHORT", shortKey));

    assertThat(e.getMessage())
        .contains("stores.offsite.secret: unknown key")
        .contains("stores.offsite: missing key bucket")
        .contains("stores.offsite.endpoint: must be the service's URL")
        .contains("stores.offsite: give both access_key_id_env and secret_access_key_env")
        .contains("stores.offsite.part_size_mb: must be between 5 and 512, not 2")
        .contains("encryption.keys.a.env: the key holds 16 bytes, not 32; make a key with: "
            + "openssl rand -base64 32")
        .contains("encryption.keys.b.env: UNSET is not set")
        .contains("encryption.keys.c: give env: NAME")
        .contains("encryption: missing key key: which of a, b, c")
        .doesNotContain(shortKey);
  }

  @Test
  void theDirectoryFormatIsRefusedForATargetWithSeveralStores() throws IOException {
    ConfigException e = problems(HEAD + """
        stores:
          local: {path: backups}
          offsite: {type: s3, bucket: lifeboat-backups}
        backup: {format: directory}
        """, Map.of());

    assertThat(e.getMessage()).contains("backup.format: directory needs a single local store "
        + "and no encryption, but shop is stored in local, offsite; use format: auto");
  }

  @Test
  void aCurrentKeyThatIsNotListedIsNamed() throws IOException {
    ConfigException e = problems(HEAD + """
        stores:
          local: {path: backups}
          offsite: {path: offsite}
        encryption:
          key: k2027
          keys: {k2026: {env: K}}
        """, Map.of("K", KEY));

    assertThat(e.getMessage()).contains("encryption.key: names no key under encryption.keys; "
        + "known: k2026");
  }

  private LifeboatConfig load(String yaml, Map<String, String> environment) throws IOException {
    Files.writeString(file, yaml);
    return new ConfigLoader(environment).load(file);
  }

  private ConfigException problems(String yaml, Map<String, String> environment)
      throws IOException {
    Files.writeString(file, yaml);
    ConfigException e = catchThrowableOfType(() -> new ConfigLoader(environment).load(file),
        ConfigException.class);
    assertThat(e).as("loading should fail").isNotNull();
    return e;
  }
}
