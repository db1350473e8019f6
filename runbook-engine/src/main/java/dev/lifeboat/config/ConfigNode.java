package dev.lifeboat.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in a parsed YAML document that knows its key path, so every problem can be reported
 * as {@code file: key.path: what is wrong}. Reading never throws: problems are collected, so a
 * person sees all of them at once instead of fixing them one start at a time.
 */
public final class ConfigNode {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

  private final JsonNode node;
  private final String path;
  private final Context context;

  /** What all nodes of one document share: the file name, the problems and the environment. */
  public static final class Context {
    private final String file;
    private final Map<String, String> environment;
    private final List<String> problems = new ArrayList<>();

    public Context(String file, Map<String, String> environment) {
      this.file = file;
      this.environment = environment;
    }

    public void problem(String path, String message) {
      problems.add(file + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    public List<String> problems() {
      return List.copyOf(problems);
    }

    public Optional<String> environment(String name) {
      return Optional.ofNullable(environment.get(name));
    }

    public String file() {
      return file;
    }
  }

  public ConfigNode(JsonNode node, String path, Context context) {
    this.node = node;
    this.path = path;
    this.context = context;
  }

  public String path() {
    return path;
  }

  public Context context() {
    return context;
  }

  public boolean isMissing() {
    return node == null || node.isMissingNode() || node.isNull();
  }

  public boolean has(String key) {
    return !child(key).isMissing();
  }

  public ConfigNode child(String key) {
    JsonNode value = node == null ? null : node.get(key);
    return new ConfigNode(value, path.isEmpty() ? key : path + "." + key, context);
  }

  public void problem(String message) {
    context.problem(path, message);
  }

  /** Reports keys this node does not know, with the nearest known key as a hint. */
  public void allowOnly(Set<String> known) {
    if (node == null || !node.isObject()) {
      return;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        String hint = nearest(name, known).map(k -> "; did you mean " + k + "?").orElse("");
        child(name).problem("unknown key" + hint + " (known here: " + String.join(", ", known) + ")");
      }
    }
  }

  /** The entries of a mapping, in file order; a non-mapping is reported and yields none. */
  public Map<String, ConfigNode> entries() {
    Map<String, ConfigNode> result = new LinkedHashMap<>();
    if (isMissing()) {
      return result;
    }
    if (!node.isObject()) {
      problem("must be a mapping of names to settings");
      return result;
    }
    node.fieldNames().forEachRemaining(name -> result.put(name, child(name)));
    return result;
  }

  public List<ConfigNode> items() {
    List<ConfigNode> result = new ArrayList<>();
    if (isMissing()) {
      return result;
    }
    if (!node.isArray()) {
      problem("must be a list, e.g. [a, b]");
      return result;
    }
    for (int i = 0; i < node.size(); i++) {
      result.add(new ConfigNode(node.get(i), path + "[" + i + "]", context));
    }
    return result;
  }

  public Optional<String> optionalString() {
    if (isMissing()) {
      return Optional.empty();
    }
    if (!node.isValueNode()) {
      problem("must be a single value, not a " + (node.isArray() ? "list" : "mapping"));
      return Optional.empty();
    }
    return Optional.of(interpolate(node.asText()));
  }

  public Optional<String> optionalString(String key) {
    return child(key).optionalString();
  }

  public String string(String key, String fallback) {
    return optionalString(key).orElse(fallback);
  }

  /** A required value; reports it as missing with an example of what to write. */
  public Optional<String> requiredString(String key, String example) {
    ConfigNode child = child(key);
    if (child.isMissing()) {
      problem("missing key " + key + " (for example " + key + ": " + example + ")");
      return Optional.empty();
    }
    return child.optionalString();
  }

  /** The raw text before ${VAR} interpolation, to tell literals from values given indirectly. */
  public Optional<String> rawString() {
    return isMissing() || !node.isValueNode() ? Optional.empty() : Optional.of(node.asText());
  }

  public List<String> strings(String key) {
    ConfigNode child = child(key);
    if (!child.isMissing() && child.node.isValueNode()) {
      return child.optionalString().map(List::of).orElse(List.of());
    }
    List<String> result = new ArrayList<>();
    for (ConfigNode item : child.items()) {
      item.optionalString().ifPresent(result::add);
    }
    return result;
  }

  public int integer(String key, int fallback, int min, int max) {
    return child(key).optionalString().map(text -> {
      try {
        int value = Integer.parseInt(text.trim());
        if (value < min || value > max) {
          child(key).problem("must be between " + min + " and " + max + ", not " + value);
          return fallback;
        }
        return value;
      } catch (NumberFormatException e) {
        child(key).problem("must be a whole number, not '" + text + "'");
        return fallback;
      }
    }).orElse(fallback);
  }

  public boolean bool(String key, boolean fallback) {
    return child(key).optionalString().map(text -> switch (text.trim().toLowerCase()) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> {
        child(key).problem("must be true or false, not '" + text + "'");
        yield fallback;
      }
    }).orElse(fallback);
  }

  public Duration duration(String key, Duration fallback) {
    return child(key).optionalString().map(text -> {
      Optional<Duration> parsed = parseDuration(text);
      if (parsed.isEmpty()) {
        child(key).problem("must be a duration such as 30s, 15m, 25h or 1d, not '" + text + "'");
      }
      return parsed.orElse(fallback);
    }).orElse(fallback);
  }

  public <T> Optional<T> parsed(String key, Function<String, Optional<T>> parser, String expected) {
    return child(key).optionalString().flatMap(text -> {
      Optional<T> value = parser.apply(text);
      if (value.isEmpty()) {
        child(key).problem("must be " + expected + ", not '" + text + "'");
      }
      return value;
    });
  }

  /** Parses "90s", "15m", "25h", "1d", "1h30m"; an empty result means it is not a duration. */
  public static Optional<Duration> parseDuration(String text) {
    String trimmed = text.trim().toLowerCase();
    if (trimmed.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = DURATION.matcher(trimmed);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end || m.group(1).length() > 9) {
        return Optional.empty();
      }
      long amount = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> Duration.ofDays(7 * amount);
      });
      end = m.end();
    }
    return end == trimmed.length() ? Optional.of(total) : Optional.empty();
  }

  private String interpolate(String text) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = context.environment(name).orElseGet(() -> {
        problem("${" + name + "} is not set in the environment; export " + name
            + " before starting Lifeboat");
        return "";
      });
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  static Optional<String> nearest(String name, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
