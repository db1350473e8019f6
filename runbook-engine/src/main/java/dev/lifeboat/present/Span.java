package dev.lifeboat.present;

/**
 * A piece of a line Lifeboat says: each platform turns spans into its own markup (mrkdwn in
 * Slack, Markdown in Discord, plain text on the console). Sealed, so a new kind of span is a
 * compile error in every renderer.
 */
public sealed interface Span {
  /** Words as they are; renderers escape what their markup would read as control. */
  record Text(String text) implements Span {}

  /** An identifier people copy: a backup id, a run, a command. */
  record Code(String text) implements Span {}

  /** What the eye should catch first: a state, a refusal. */
  record Bold(String text) implements Span {}

  /** A person from lifeboat.yaml, by name; the platform mentions them if it knows them. */
  record Mention(String person) implements Span {}

  /** A state shown as an icon (an emoji in chat); renderers put a space after it. */
  record Status(Tone tone) implements Span {}
}
