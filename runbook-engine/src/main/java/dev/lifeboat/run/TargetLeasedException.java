package dev.lifeboat.run;

/** The target's lease is held by another run; the engine says which, where, for whom. */
final class TargetLeasedException extends RuntimeException {
  TargetLeasedException(String target) {
    super(target + " is leased by another run");
  }
}
