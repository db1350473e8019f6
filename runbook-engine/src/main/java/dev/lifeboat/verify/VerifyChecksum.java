package dev.lifeboat.verify;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.ArtifactDigest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.BackupSettings;
import dev.lifeboat.backup.Sizes;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.backup.Artifacts;
import dev.lifeboat.encryption.DecryptionFailedException;
import dev.lifeboat.encryption.MissingKeyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code backup.verify-checksum}: reads the artifact from its store, streaming (artifacts can be
 * larger than memory), and compares its size and SHA-256 with the manifest, before anything is
 * restored from it. A directory artifact is read file by file, in parallel. An encrypted artifact
 * is also decrypted end to end in the same pass (the plaintext is thrown away), so a wrong key or
 * a changed byte is found here, before a restore starts, and told apart: a checksum that matches
 * with a segment that does not authenticate means the key is wrong.
 */
public final class VerifyChecksum implements Step {
  // Often enough to show movement on a big artifact, rarely enough not to flood a chat message.
  private static final long PROGRESS_EVERY = 64L << 20;
  private static final int SHOWN_HEX = 12;

  private static final int BUFFER = 1 << 20;

  private final Artifacts artifacts;

  public VerifyChecksum(Artifacts artifacts) {
    this.artifacts = artifacts;
  }

  @Override
  public void execute(StepContext context) throws IOException {
    BackupRecord record = Shared.backup(context);
    BackupManifest m = record.manifest();
    Findings findings = Shared.findings(context);
    Read read;
    if (m.format().equals(BackupSettings.DIRECTORY)) {
      // Its files, hashed in parallel (ArtifactDigest says how they add up to one SHA-256).
      ArtifactDigest.Digest d = ArtifactDigest.of(artifacts.store(record).localPath(m)
          .orElseThrow(), BackupSettings.defaultJobs(), context.cancellation());
      context.progress(d.bytes(), m.bytes(), "checksum");
      read = new Read(d.bytes(), d.sha256(), Optional.empty());
    } else if (m.encrypted()) {
      if (!artifacts.keys().has(m.keyId())) {
        findings.checksum(false);
        findings.problem("encrypted with key " + m.keyId() + ", which is not configured");
        throw new LifeboatException("Backup " + m.id() + " cannot be checked: "
            + new MissingKeyException(m.keyId(), artifacts.keys().ids()).getMessage()
            + ". Nothing was restored.");
      }
      try (InputStream in = artifacts.openStored(record)) {
        read = readDecrypting(in, m, context);
      }
    } else {
      try (InputStream in = artifacts.openStored(record)) {
        read = read(in, m.bytes(), context);
      }
    }
    if (read.bytes() != m.bytes()) {
      findings.checksum(false);
      findings.problem("the artifact has " + read.bytes() + " bytes, the manifest says "
          + m.bytes());
      throw new LifeboatException("Backup " + m.id() + " is damaged: its artifact has "
          + read.bytes() + " bytes (" + Sizes.human(read.bytes()) + ") but its manifest says "
          + m.bytes() + ". Nothing was restored; use another backup (/backup list).");
    }
    if (!read.sha256().equalsIgnoreCase(m.sha256())) {
      findings.checksum(false);
      findings.problem("the artifact's SHA-256 is " + shortHash(read.sha256())
          + " but the manifest says " + shortHash(m.sha256()));
      throw new LifeboatException("Backup " + m.id() + " is damaged: its SHA-256 is "
          + shortHash(read.sha256()) + " but its manifest says " + shortHash(m.sha256())
          + ". Nothing was restored; use another backup (/backup list).");
    }
    if (read.decryption().isPresent()) {
      findings.checksum(false);
      findings.problem("it does not decrypt with key " + m.keyId());
      throw new LifeboatException("Backup " + m.id() + " does not decrypt with the key "
          + "configured as " + m.keyId() + ", although its checksum matches: that key is not the "
          + "one it was encrypted with. Nothing was restored; put the original key " + m.keyId()
          + " back under encryption.keys in lifeboat.yaml.");
    }
    findings.checksum(true);
    context.log("checksum ok: " + Sizes.human(read.bytes()) + ", sha256 "
        + shortHash(read.sha256()) + (m.encrypted() ? ", decrypted end to end with key "
            + m.keyId() : ""));
  }

  /** What was read; {@code decryption} holds why decryption failed, if it did. */
  private record Read(long bytes, String sha256, Optional<String> decryption) {}

  /**
   * Hashes the stored bytes while decrypting them; a segment that fails is noted and the rest is
   * still hashed, since the checksum decides between a wrong key and a damaged artifact.
   */
  private Read readDecrypting(InputStream stored, BackupManifest m, StepContext context)
      throws IOException {
    MessageDigest digest = sha256();
    CountingDigestStream counted = new CountingDigestStream(stored, digest);
    Optional<String> failure = Optional.empty();
    long nextReport = PROGRESS_EVERY;
    try (InputStream plain = artifacts.decrypted(m, m.artifact(), counted)) {
      byte[] buffer = new byte[BUFFER];
      while (plain.read(buffer) != -1) {
        context.cancellation().throwIfCancelled();
        if (counted.count >= nextReport) {
          context.progress(counted.count, m.bytes(), "checksum and decryption");
          nextReport = counted.count + PROGRESS_EVERY;
        }
      }
    } catch (DecryptionFailedException e) {
      failure = Optional.of(e.getMessage());
      counted.transferTo(OutputStream.nullOutputStream());
    }
    context.progress(counted.count, m.bytes(), "checksum and decryption");
    return new Read(counted.count, HexFormat.of().formatHex(digest.digest()), failure);
  }

  /** Counts and hashes what passes, as stored. */
  private static final class CountingDigestStream extends DigestInputStream {
    long count;

    CountingDigestStream(InputStream in, MessageDigest digest) {
      super(in, digest);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public void close() {
      // the caller closes the store's stream
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static Read read(InputStream in, long expected, StepContext context)
      throws IOException {
    long[] nextReport = {PROGRESS_EVERY};
    ArtifactDigest.Digest d = ArtifactDigest.of(in, context.cancellation(), total -> {
      if (total >= nextReport[0]) {
        context.progress(total, expected, "checksum");
        nextReport[0] = total + PROGRESS_EVERY;
      }
    });
    context.progress(d.bytes(), expected, "checksum");
    return new Read(d.bytes(), d.sha256(), Optional.empty());
  }

  private static String shortHash(String hex) {
    return hex.length() <= SHOWN_HEX ? hex : hex.substring(0, SHOWN_HEX) + "…";
  }
}
