package dev.lifeboat.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.LifeboatException;
import org.junit.jupiter.api.Test;

class BackupSettingsTest {

  @Test
  void autoCompressionIsZstdWherePgDumpHasItElseGzipLevelOne() {
    BackupSettings auto = new BackupSettings("auto", "auto", 2);
    assertThat(auto.compressionFor(15)).isEqualTo("1");
    assertThat(auto.compressionFor(16)).isEqualTo("zstd:1");
    assertThat(auto.compressionFor(17)).isEqualTo("zstd:1");
  }

  @Test
  void explicitCompressionIsTranslatedForOlderPgDumpsOrRefusedWithTheFix() {
    assertThat(new BackupSettings("gzip:3", "auto", 2).compressionFor(15)).isEqualTo("3");
    assertThat(new BackupSettings("none", "auto", 2).compressionFor(15)).isEqualTo("0");
    assertThat(new BackupSettings("gzip:3", "auto", 2).compressionFor(16)).isEqualTo("gzip:3");
    assertThatThrownBy(() -> new BackupSettings("zstd:3", "auto", 2).compressionFor(15))
        .isInstanceOf(LifeboatException.class)
        .hasMessageContaining("zstd:3 needs pg_dump 16 or newer; this pg_dump is 15");
  }

  @Test
  void autoFormatTurnsToDirectoryFromTheThresholdWhenThereAreJobs() {
    long threshold = BackupSettings.DIRECTORY_FROM_BYTES;
    BackupSettings auto = new BackupSettings("auto", "auto", 4);
    assertThat(auto.formatFor(threshold - 1)).isEqualTo("custom");
    assertThat(auto.formatFor(threshold)).isEqualTo("directory");
    assertThat(new BackupSettings("auto", "auto", 1).formatFor(threshold * 10))
        .isEqualTo("custom");
    assertThat(new BackupSettings("auto", "custom", 4).formatFor(threshold * 10))
        .isEqualTo("custom");
    assertThat(new BackupSettings("auto", "directory", 2).formatFor(0)).isEqualTo("directory");
  }
}
