package dev.lifeboat.state;

import dev.lifeboat.target.ConnectionInfo;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where runs, the catalog and the audit log live: an embedded file database by default, or a
 * PostgreSQL database (never one that Lifeboat restores) when several instances share state.
 */
public record StateSettings(Optional<Path> embeddedPath, Optional<ConnectionInfo> postgres) {
  public static StateSettings embedded(Path path) {
    return new StateSettings(Optional.of(path), Optional.empty());
  }

  public static StateSettings postgres(ConnectionInfo connection) {
    return new StateSettings(Optional.empty(), Optional.of(connection));
  }
}
