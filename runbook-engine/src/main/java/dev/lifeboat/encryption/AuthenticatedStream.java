package dev.lifeboat.encryption;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Tink's decrypting stream, with its authentication failures named as such. */
final class AuthenticatedStream extends FilterInputStream {
  private final SourceStream source;
  private final String keyId;

  AuthenticatedStream(InputStream decrypting, SourceStream source, String keyId) {
    super(decrypting);
    this.source = source;
    this.keyId = keyId;
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (IOException e) {
      throw translate(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (IOException e) {
      throw translate(e);
    }
  }

  private IOException translate(IOException e) {
    if (source.failure() != null) {
      return source.failure();
    }
    return new DecryptionFailedException(keyId, e);
  }
}
