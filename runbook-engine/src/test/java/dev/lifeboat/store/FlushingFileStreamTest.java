package dev.lifeboat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlushingFileStreamTest {
  @TempDir Path dir;

  @Test
  void everyByteArrivesAcrossTheBackgroundFlushes() throws IOException {
    byte[] data = new byte[(int) (FlushingFileStream.EVERY * 2 + 12345)];
    new Random(7).nextBytes(data);
    Path file = dir.resolve("artifact");
    try (FlushingFileStream out = new FlushingFileStream(file)) {
      // Odd chunk sizes, as pg_dump's pipe delivers them, straddling the flush points.
      int off = 0;
      for (int chunk = 1; off < data.length; chunk = chunk * 7 % 65521 + 1) {
        int n = Math.min(chunk, data.length - off);
        out.write(data, off, n);
        off += n;
      }
      out.write(42);
    }
    byte[] written = Files.readAllBytes(file);
    assertThat(written).hasSize(data.length + 1);
    assertThat(java.util.Arrays.copyOf(written, data.length)).isEqualTo(data);
    assertThat(written[data.length]).isEqualTo((byte) 42);
  }

  @Test
  void anArtifactIsNeverWrittenOverAnExistingFile() throws IOException {
    Path file = Files.writeString(dir.resolve("artifact"), "someone else's");
    assertThatThrownBy(() -> new FlushingFileStream(file))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(file)).isEqualTo("someone else's");
  }
}
