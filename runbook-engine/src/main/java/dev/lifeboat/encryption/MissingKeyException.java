package dev.lifeboat.encryption;

import java.io.IOException;
import java.util.Set;

/** An artifact names a key that lifeboat.yaml does not list (any more). */
public final class MissingKeyException extends IOException {
  private final String keyId;

  public MissingKeyException(String keyId, Set<String> known) {
    super("it was encrypted with key " + keyId + ", which is not configured"
        + (known.isEmpty() ? " (no keys are)" : " (known: " + String.join(", ", known) + ")")
        + "; add it under encryption.keys in lifeboat.yaml, from wherever the key is kept");
    this.keyId = keyId;
  }

  public String keyId() {
    return keyId;
  }
}
