package dev.lifeboat.cluster;

/**
 * A throwaway cluster could not be made, started or removed. The message is written for a
 * person: what failed, and the server log's tail or what to install. Its own type, because
 * this module must not depend on the engine (whose exceptions the engine maps it to).
 */
public class ClusterException extends RuntimeException {
  public ClusterException(String message) {
    super(message);
  }

  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
