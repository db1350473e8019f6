package dev.lifeboat.verify;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.ArtifactDigest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.BackupSettings;
import dev.lifeboat.backup.Sizes;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.store.Stores;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code backup.verify-checksum}: reads the artifact from its store, streaming (artifacts can be
 * larger than memory), and compares its size and SHA-256 with the manifest, before anything is
 * restored from it. A directory artifact is read file by file, in parallel.
 */
public final class VerifyChecksum implements Step {
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
    if (m.format().equals(BackupSettings.DIRECTORY)) {
      // Its files, hashed in parallel (ArtifactDigest says how they add up to one SHA-256).
      ArtifactDigest.Digest d = ArtifactDigest.of(stores.get(record.store()).localCopy(m),
          BackupSettings.defaultJobs(), context.cancellation());
      context.progress(d.bytes(), m.bytes(), "checksum");
      read = new Read(d.bytes(), d.sha256());
    } else {
      try (InputStream in = stores.get(record.store()).openArtifact(m)) {
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
    findings.checksum(true);
    context.log("checksum ok: " + Sizes.human(read.bytes()) + ", sha256 "
        + shortHash(read.sha256()));
  }

  private record Read(long bytes, String sha256) {}

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
    return new Read(d.bytes(), d.sha256());
  }

  private static String shortHash(String hex) {
    return hex.length() <= SHOWN_HEX ? hex : hex.substring(0, SHOWN_HEX) + "…";
  }
}
