package dev.lifeboat.audit;

import java.time.Instant;

/** One line of the audit log: who asked for what, when, on which target, with what result. */
public record AuditEntry(
    long seq, Instant at, String actor, String action, String target, String detail,
    String outcome, String prevHash, String hash) {}
