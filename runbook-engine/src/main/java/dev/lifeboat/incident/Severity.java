package dev.lifeboat.incident;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.access.Names;
import java.util.Arrays;
import java.util.Locale;

/** How bad an incident is: sev1 (production down, data at risk) to sev3 (degraded). */
public enum Severity {
  SEV1, SEV2, SEV3;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** "sev1", "SEV1" or "1". */
  public static Severity parse(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.label().equals(w) || s.label().equals("sev" + w))
        .findFirst().orElseThrow(() -> new InvalidInputException("'" + Names.shown(word)
            + "' is not a severity: sev1, sev2 or sev3."));
  }
}
