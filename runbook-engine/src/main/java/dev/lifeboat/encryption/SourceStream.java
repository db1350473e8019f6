package dev.lifeboat.encryption;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The ciphertext's own stream, remembering whether it failed: a read error of the store (a
 * dropped connection) must not be reported as a wrong key or a tampered byte.
 */
final class SourceStream extends FilterInputStream {
  private volatile IOException failure;

  SourceStream(InputStream in) {
    super(in);
  }

  IOException failure() {
    return failure;
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }
}
