package dev.lifeboat.access;

import java.util.regex.Pattern;

/** Rules for names people type (targets, people, backup ids) and how to echo them safely. */
public final class Names {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  private static final int SHOWN = 40;

  private Names() {}

  public static boolean isValid(String name) {
    return NAME.matcher(name).matches();
  }

  /** Free text people give (a reason): control characters removed, length capped. */
  public static String text(String input, int max) {
    String clean = input.replaceAll("[\\p{Cc}\\p{Cf}]", " ").strip();
    return clean.length() <= max ? clean : clean.substring(0, max) + "…";
  }

  /** Echoes user input without flooding a channel or breaking formatting. */
  public static String shown(String input) {
    // \p{Cc} and \p{Cf} are Unicode's control and format characters: C1 controls such as CSI
    // (U+009B) or bidi overrides would otherwise reach a terminal or a chat client.
    String printable = input.replaceAll("[\\p{Cc}\\p{Cf}`*_~<>]", "?");
    return printable.length() <= SHOWN ? printable : printable.substring(0, SHOWN) + "…";
  }
}
