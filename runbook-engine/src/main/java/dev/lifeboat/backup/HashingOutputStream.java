package dev.lifeboat.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and hashes (SHA-256) the bytes on their way to the stores: what is stored. */
final class HashingOutputStream extends FilterOutputStream {
  private final MessageDigest digest;
  private long count;

  HashingOutputStream(OutputStream out) {
    super(out);
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    digest.update(b, off, len);
    count += len;
    out.write(b, off, len);
  }

  ArtifactDigest.Digest digest() {
    return new ArtifactDigest.Digest(count, HexFormat.of().formatHex(digest.digest()));
  }
}
