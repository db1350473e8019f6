package dev.lifeboat.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.lifeboat.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;

/** Reading and writing manifests as JSON. */
public final class Manifests {
  private Manifests() {}

  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  public static BackupManifest read(Path file) {
    try {
      return mapper().readValue(file.toFile(), BackupManifest.class);
    } catch (IOException e) {
      throw new StoreException("The manifest " + file + " cannot be read (" + e.getMessage()
          + "). Move that backup folder aside and rebuild the catalog.", e);
    }
  }

  public static String toJson(BackupManifest manifest) {
    try {
      return mapper().writeValueAsString(manifest);
    } catch (IOException e) {
      throw new IllegalStateException("a manifest always serializes", e);
    }
  }

  public static BackupManifest fromJson(String json) {
    try {
      return mapper().readValue(json, BackupManifest.class);
    } catch (IOException e) {
      throw new StoreException("A manifest in the catalog cannot be read: " + e.getMessage(), e);
    }
  }
}
