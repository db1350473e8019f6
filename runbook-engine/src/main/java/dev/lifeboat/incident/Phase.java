package dev.lifeboat.incident;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.access.Names;
import java.util.Arrays;
import java.util.Locale;

/** The playbook's phases, in order: what broke, what to do, do it, check it, tell people. */
public enum Phase {
  ASSESS, DECIDE, RESTORE, VALIDATE, COMMUNICATE, RESOLVED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The phase after this one; resolved stays resolved. */
  public Phase next() {
    return this == RESOLVED ? RESOLVED : values()[ordinal() + 1];
  }

  /** "assess → decide → …", for usage lines. */
  public static String all() {
    return String.join(" → ", Arrays.stream(values()).map(Phase::label).toList());
  }

  public static Phase parse(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.label().equals(w)).findFirst()
        .orElseThrow(() -> new InvalidInputException("'" + Names.shown(word) + "' is not a "
            + "phase. The phases are " + all() + "; /incident phase next moves to the next."));
  }
}
