package dev.lifeboat.config;

import java.util.Map;
import java.util.Optional;

/**
 * Which chat adapters run, and each one's settings as its own {@link ChatSection} read them.
 *
 * @param impersonation whether the console's {@code /as NAME} may switch the acting person; for
 *     demos and rehearsals only, never for a console that real people share
 * @param adapters per platform, the settings of the adapters turned on
 */
public record ChatSettings(boolean console, boolean impersonation, Map<String, Object> adapters) {
  public ChatSettings {
    adapters = Map.copyOf(adapters);
  }

  /** The settings {@code section} read, when its adapter is turned on. */
  public <T> Optional<T> adapter(ChatSection<T> section, Class<T> type) {
    return Optional.ofNullable(adapters.get(section.platform())).map(type::cast);
  }
}
