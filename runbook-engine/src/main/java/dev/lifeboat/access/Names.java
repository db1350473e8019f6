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

  /** Echoes user input without flooding a channel or breaking formatting. */
  public static String shown(String input) {
    String printable = input.replaceAll("[\\p{Cntrl}`*_~<>]", "?");
    return printable.length() <= SHOWN ? printable : printable.substring(0, SHOWN) + "…";
  }
}
