package dev.lifeboat.verify;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.Sizes;
import dev.lifeboat.run.Cancellation;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.store.Stores;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code backup.verify-checksum}: reads the artifact from its store, streaming (artifacts can be
 * larger than memory), and compares its size and SHA-256 with the manifest, before anything is
 * restored from it.
 */
public final class VerifyChecksum implements Step {
  private static final int BUFFER = 1 << 20;
  // Often enough to show movement on a big artifact, rarely enough not to flood a chat message.
  private static final long PROGRESS_EVERY = 64L << 20;
  private static final int SHOWN_HEX = 12;

  private final Stores stores;

  public VerifyChecksum(Stores stores) {
    this.stores = stores;
  }

  @Override
  public void execute(StepContext context) throws IOException {
    BackupRecord record = Shared.backup(context);
    BackupManifest m = record.manifest();
    Findings findings = Shared.findings(context);
    Read read;
    try (InputStream in = stores.get(record.store()).openArtifact(m)) {
      read = read(in, m.bytes(), context);
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
    findings.checksum(true);
    context.log("checksum ok: " + Sizes.human(read.bytes()) + ", sha256 "
        + shortHash(read.sha256()));
  }

  private record Read(long bytes, String sha256) {}

  private static Read read(InputStream in, long expected, StepContext context)
      throws IOException {
    MessageDigest digest = sha256();
    Cancellation cancellation = context.cancellation();
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    long nextReport = PROGRESS_EVERY;
    int n;
    while ((n = in.read(buffer)) != -1) {
      cancellation.throwIfCancelled();
      digest.update(buffer, 0, n);
      total += n;
      if (total >= nextReport) {
        context.progress(total, expected, "checksum");
        nextReport = total + PROGRESS_EVERY;
      }
    }
    context.progress(total, expected, "checksum");
    return new Read(total, HexFormat.of().formatHex(digest.digest()));
  }

  private static String shortHash(String hex) {
    return hex.length() <= SHOWN_HEX ? hex : hex.substring(0, SHOWN_HEX) + "…";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
