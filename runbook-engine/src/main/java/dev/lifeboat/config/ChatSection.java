package dev.lifeboat.config;

import java.util.Optional;

/**
 * A chat adapter's own section of lifeboat.yaml ({@code chat.slack}, {@code chat.discord}): the
 * adapter says how to read it, the {@link ConfigLoader} reads it with the rest, so its problems
 * are reported with file and key, together with every other problem, before anything starts.
 * The engine stays free of platform types.
 */
public interface ChatSection<T> {
  /** The key under {@code chat:}, also the key of people's ids ("slack"). */
  String platform();

  /**
   * Reads the section, reporting each problem on the node it concerns ({@code node.child(key)
   * .problem(...)}); secrets through {@code node.context().environment(name)} as {@link Secret}.
   *
   * @return empty when the adapter is turned off
   */
  Optional<T> read(ConfigNode node);
}
