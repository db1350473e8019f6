package dev.lifeboat.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestsTest {
  @Test
  void aManifestFromBeforeTheNewestValuesStillLoads() {
    String old = """
        {"manifestVersion":1,"id":"shop-20261201-090000","target":"shop","database":"shop",
         "startedAt":"2026-12-01T09:00:00Z","finishedAt":"2026-12-01T09:00:05Z",
         "artifact":"backup.pgdump","format":"custom","compression":"1","encryption":"none",
         "bytes":1234,"sha256":"abc","serverVersion":"15.18","pgDumpVersion":"15.18",
         "snapshot":"00000003-1","tables":[{"schema":"public","table":"orders","rows":10}],
         "createdBy":"alice","runId":1}
        """;

    BackupManifest m = Manifests.fromJson(old);

    assertThat(m.tables()).containsExactly(new TableCount("public", "orders", 10));
    assertThat(m.tables().get(0).newestColumn()).isNull();
    assertThat(m.tables().get(0).newest()).isNull();
  }

  @Test
  void theNewestValueIsWrittenOnlyWhereThereIsOne() {
    BackupManifest m = new BackupManifest(1, "shop-1", "shop", "shop",
        Instant.parse("2026-12-01T09:00:00Z"), Instant.parse("2026-12-01T09:00:05Z"),
        "backup.pgdump", "custom", "1", "none", 1, "abc", "15", "15", "s",
        List.of(new TableCount("public", "orders", 10, "created_at",
            Instant.parse("2026-12-01T08:59:00Z")), new TableCount("public", "sessions", 3)),
        "alice", 1);

    String json = Manifests.toJson(m);

    assertThat(json).contains("\"newestColumn\":\"created_at\"",
        "\"newest\":\"2026-12-01T08:59:00Z\"");
    assertThat(json).containsOnlyOnce("newestColumn");
    assertThat(Manifests.fromJson(json)).isEqualTo(m);
  }
}
