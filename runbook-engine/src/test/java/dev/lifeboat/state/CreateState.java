package dev.lifeboat.state;

import java.nio.file.Path;

/**
 * A process of its own for {@link KilledWhileCreatingStateIT}: says "creating", opens (and so
 * creates) the embedded state database at the given path, says "open" and exits.
 *
 * <p>Arguments: PATH (without {@code .mv.db}).
 */
public final class CreateState {
  private CreateState() {}

  public static void main(String[] args) {
    System.out.println("creating");
    System.out.flush();
    try (StateDatabase db = StateDatabase.open(StateSettings.embedded(Path.of(args[0])))) {
      System.out.println("open");
    }
  }
}
