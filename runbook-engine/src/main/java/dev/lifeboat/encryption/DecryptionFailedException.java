package dev.lifeboat.encryption;

import java.io.IOException;

/**
 * A segment did not authenticate: the key is not the one the artifact was encrypted with, or the
 * stored bytes were changed or cut short. Which of the two, only the artifact's checksum tells.
 * An {@link IOException}, since it surfaces from a stream's read.
 */
public final class DecryptionFailedException extends IOException {
  private final String keyId;

  public DecryptionFailedException(String keyId, Throwable cause) {
    super("the artifact does not decrypt with key " + keyId + " (" + cause.getMessage() + ")",
        cause);
    this.keyId = keyId;
  }

  public String keyId() {
    return keyId;
  }
}
