package dev.lifeboat.incident;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.access.Names;
import java.util.Arrays;
import java.util.Locale;

/** Who does what in an incident: the commander leads, the scribe writes, the DBA restores. */
public enum Role {
  COMMANDER, SCRIBE, DBA;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(r -> r.label().equals(w)).findFirst()
        .orElseThrow(() -> new InvalidInputException("'" + Names.shown(word) + "' is not a "
            + "role: commander, scribe or dba. Usage: /incident role commander @person"));
  }
}
