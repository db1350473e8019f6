package dev.lifeboat.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lifeboat.config.ConfigException;
import dev.lifeboat.config.ConfigNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads {@code runbooks/*.yaml}, checking every step against the steps that exist. */
public final class RunbookLoader {
  private static final Set<String> KEYS = Set.of("name", "description", "destructive", "approval",
      "params", "steps");
  private static final Set<String> STEP_KEYS = Set.of("id", "uses", "with", "timeout", "always");
  private static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

  private final Map<String, Step> knownSteps;
  private final Map<String, String> environment;

  /** @param knownSteps every built-in step by its {@code uses:} name; each reads its settings */
  public RunbookLoader(Map<String, Step> knownSteps, Map<String, String> environment) {
    this.knownSteps = Map.copyOf(knownSteps);
    this.environment = Map.copyOf(environment);
  }

  public Map<String, Runbook> load(Path directory) {
    List<String> problems = new ArrayList<>();
    Map<String, Runbook> runbooks = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(directory + ": cannot list runbooks (" + e.getMessage() + ")");
    }
    for (Path file : files) {
      String shown = directory.getFileName() + "/" + file.getFileName();
      try {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(bytes);
        ConfigNode.Context context = new ConfigNode.Context(shown, environment);
        Optional<Runbook> runbook = parse(new ConfigNode(root, "", context), fingerprint(bytes));
        problems.addAll(context.problems());
        runbook.ifPresent(r -> {
          if (runbooks.putIfAbsent(r.name(), r) != null) {
            problems.add(shown + ": name: another runbook is already called " + r.name());
          }
        });
      } catch (JsonProcessingException e) {
        problems.add(shown + ": line " + e.getLocation().getLineNr() + ": not valid YAML: "
            + e.getOriginalMessage());
      } catch (IOException e) {
        problems.add(shown + ": cannot be read: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return runbooks;
  }

  private Optional<Runbook> parse(ConfigNode node, String fingerprint) {
    node.allowOnly(KEYS);
    Optional<String> name = node.requiredString("name", "backup");
    boolean destructive = node.bool("destructive", false);
    Optional<ApprovalRule> approval = Optional.empty();
    ConfigNode a = node.child("approval");
    if (!a.isMissing()) {
      a.allowOnly(Set.of("required", "from", "expires"));
      List<String> from = a.strings("from");
      if (from.isEmpty()) {
        a.problem("missing key from (for example from: [tech-owners])");
      }
      approval = Optional.of(new ApprovalRule(a.integer("required", 1, 1, 10), from,
          a.duration("expires", Duration.ofMinutes(30))));
    } else if (destructive) {
      node.problem("a destructive runbook needs approval: {required: 1, from: [tech-owners]}");
    }
    Map<String, String> params = new LinkedHashMap<>();
    node.child("params").entries().forEach((param, spec) -> {
      spec.allowOnly(Set.of("default"));
      params.put(param, spec.string("default", ""));
    });
    List<StepDefinition> steps = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<ConfigNode> items = node.child("steps").items();
    if (items.isEmpty()) {
      node.problem("a runbook needs at least one step under steps:");
    }
    for (ConfigNode s : items) {
      s.allowOnly(STEP_KEYS);
      Optional<String> uses = s.requiredString("uses", "backup.dump");
      String id = s.string("id", uses.orElse("step"));
      if (!ids.add(id)) {
        s.child("id").problem("two steps are called " + id + "; ids must be unique");
      }
      Object settings = new Step.NoSettings();
      if (uses.isPresent()) {
        Step step = knownSteps.get(uses.get());
        if (step == null) {
          s.child("uses").problem("unknown step '" + uses.get() + "'; known steps: "
              + String.join(", ", knownSteps.keySet().stream().sorted().toList()));
        } else {
          settings = step.settings(s.child("with"));
        }
      }
      steps.add(new StepDefinition(id, uses.orElse(""), settings,
          s.duration("timeout", DEFAULT_TIMEOUT), s.bool("always", false)));
    }
    Optional<ApprovalRule> rule = approval;
    return name.map(n -> new Runbook(n, node.string("description", ""), destructive, rule,
        params, steps, fingerprint));
  }

  private static String fingerprint(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
