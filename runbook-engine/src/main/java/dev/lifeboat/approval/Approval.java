package dev.lifeboat.approval;

import java.time.Instant;

/**
 * One person's approval of one version of a plan.
 *
 * @param via how it was given: "command", "button" or "reaction"
 */
public record Approval(String person, String planHash, Instant at, String via) {}
