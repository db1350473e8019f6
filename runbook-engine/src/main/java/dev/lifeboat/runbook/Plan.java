package dev.lifeboat.runbook;

import dev.lifeboat.target.Target;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A runbook resolved with concrete parameters. Its hash covers the runbook's content, the target
 * and every parameter, so an approval given to one plan cannot be used for another.
 */
public record Plan(Runbook runbook, Target target, Map<String, String> params, String requestedBy) {
  public Plan {
    params = Map.copyOf(new TreeMap<>(params));
  }

  public static Plan of(Runbook runbook, Target target, Map<String, String> params,
      String requestedBy) {
    return new Plan(runbook, target, params, requestedBy);
  }

  /** What the plan was built from besides its parameters. */
  public PlanVersion version() {
    return new PlanVersion(runbook.fingerprint(), sha256(target.name() + "\n"
        + target.connection().redacted()));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  public String hash() {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      StringBuilder canonical = new StringBuilder()
          .append(runbook.name()).append('\n').append(runbook.fingerprint()).append('\n')
          .append(target.name()).append('\n').append(target.connection().redacted()).append('\n');
      new TreeMap<>(params).forEach((k, v) -> canonical.append(k).append('=').append(v)
          .append('\n'));
      return HexFormat.of().formatHex(d.digest(canonical.toString()
          .getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
