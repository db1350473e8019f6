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
  // a tenth of a one-off command's start-up (the catalog reads every manifest it lists).
  // ObjectReader and ObjectWriter are immutable and thread-safe by contract.
  private static final ObjectReader READER = mapper().readerFor(BackupManifest.class);
  private static final ObjectWriter WRITER = mapper().writer();

  private Manifests() {}

  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  public static BackupManifest read(Path file) {
    try {
      return READER.readValue(file.toFile());
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

  public static BackupManifest fromJson(String json) {
    try {
      return READER.readValue(json);
    } catch (IOException e) {
      throw new StoreException("A manifest in the catalog cannot be read: " + e.getMessage(), e);
    }
  }
}
