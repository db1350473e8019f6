package dev.lifeboat.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * What pg_restore reads: a file or directory on this host (seekable, so {@code --jobs} works),
 * or a stream fed to its standard input (an artifact decrypted or downloaded on the way, never
 * landed on disk), which pg_restore reads in one pass with one job.
 */
public sealed interface ArchiveInput {
  /** For messages. */
  String describe();

  record File(Path path) implements ArchiveInput {
    @Override
    public String describe() {
      return path.toString();
    }
  }

  /** Opens the stream; called once per pg_restore run. */
  interface Opener {
    InputStream open() throws IOException;
  }

  record Streamed(String description, Opener opener) implements ArchiveInput {
    @Override
    public String describe() {
      return description;
    }
  }
}
