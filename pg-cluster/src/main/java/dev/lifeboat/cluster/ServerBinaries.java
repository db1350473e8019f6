package dev.lifeboat.cluster;

import java.nio.file.Path;

/** The PostgreSQL server programs a cluster runs with: initdb, pg_ctl and postgres. */
public interface ServerBinaries {
  /** The major version, e.g. 17. */
  int major();

  /** The full version, e.g. "17.5". */
  String version();

  /**
   * The path of one program.
   *
   * @throws RuntimeException with what to install, when the program is not there
   */
  Path tool(String name);
}
