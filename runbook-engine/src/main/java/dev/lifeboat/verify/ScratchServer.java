package dev.lifeboat.verify;

import dev.lifeboat.target.ConnectionInfo;

/**
 * Where a verification restores its scratch copy, and how to say so to a person.
 *
 * @param connection a database on that server to connect to; scratch databases are created next
 *     to it
 * @param kind which of the three places it is
 * @param description where it is, in words, with what it needs there when that is production
 */
public record ScratchServer(ConnectionInfo connection, Kind kind, String description) {

  public enum Kind {
    /** The target's {@code verify_server}. */
    CONFIGURED,
    /** A throwaway cluster on this machine that Lifeboat started and removes. */
    LOCAL,
    /** The target's own server: production, said plainly. */
    TARGET_SERVER
  }

  /** Whether the restore runs on the target's own (production) server. */
  public boolean onProduction() {
    return kind == Kind.TARGET_SERVER;
  }
}
