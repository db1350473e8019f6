package dev.lifeboat.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.lifeboat.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;

/** Reading and writing manifests as JSON. */
public final class Manifests {
  // Built once: a new ObjectMapper per manifest rebuilt its deserializers every time, which was
  // a tenth of a one-off command's start-up (the catalog reads every manifest it lists). One
  // mapper, so the compact and the pretty writer share its serializers. ObjectReader and
  // ObjectWriter are immutable and thread-safe by contract.
  private static final ObjectMapper MAPPER = mapper();
  private static final ObjectWriter WRITER = MAPPER.writer();
  private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

  /**
   * The reader builds its deserializers when it is made (25 ms in a one-off JVM): made on first
   * use, so a cron backup, which writes a manifest and reads none, never pays for it.
   */
  private static final class Reading {
    static final ObjectReader READER = MAPPER.readerFor(BackupManifest.class);
  }

  private Manifests() {}

  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  public static BackupManifest read(Path file) {
    try {
      return Reading.READER.readValue(file.toFile());
    } catch (IOException e) {
      throw new StoreException("The manifest " + file + " cannot be read (" + e.getMessage()
          + "). Move that backup folder aside and rebuild the catalog.", e);
    }
  }

  public static String toJson(BackupManifest manifest) {
    try {
      return WRITER.writeValueAsString(manifest);
    } catch (IOException e) {
      throw new IllegalStateException("a manifest always serializes", e);
    }
  }

  /** As a store keeps it beside the artifact: indented, for people who open it. */
  public static byte[] toPrettyJson(BackupManifest manifest) {
    try {
      return PRETTY.writeValueAsBytes(manifest);
    } catch (IOException e) {
      throw new IllegalStateException("a manifest always serializes", e);
    }
  }

  public static BackupManifest fromJson(String json) {
    try {
      return Reading.READER.readValue(json);
    } catch (IOException e) {
      throw new StoreException("A manifest in the catalog cannot be read: " + e.getMessage(), e);
    }
  }
}
