package dev.lifeboat.bot.chat;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a yes or no reaction (Slack's :white_check_mark: / :x:, Discord's ✅ / ❌) on one of our
 * messages means: on an approval card, approve or deny; on a run's message while its checklist
 * waits, continue or abort. Any other reaction is only a reaction, and answers nothing. Each
 * adapter maps its emoji to yes or no; the rest is here, once.
 */
public final class ChatReactions {
  private final ChatInbound inbound;
  private final ChatBoard<?> board;

  public ChatReactions(ChatInbound inbound, ChatBoard<?> board) {
    this.inbound = inbound;
    this.board = board;
  }

  /**
   * @param yes a yes reaction (approve, continue), else a no (deny, abort)
   * @return the answer for the person who reacted, empty when the reaction decided nothing
   * @throws InterruptedException while waiting for a card still being posted (see
   *     {@link ChatBoard#requestAt})
   */
  public Optional<ChatInbound.Answer> react(String userId, ChatSurface.Posted where,
      boolean yes) throws InterruptedException {
    return react(userId, Set.of(), where, yes);
  }

  /** The same by someone holding {@code roles} on the platform (Discord's role ids). */
  public Optional<ChatInbound.Answer> react(String userId, Set<String> roles,
      ChatSurface.Posted where, boolean yes) throws InterruptedException {
    OptionalLong request = board.requestAt(where);
    if (request.isPresent()) {
      return Optional.of(inbound.decide(userId, roles, request.getAsLong(), yes, "reaction"));
    }
    OptionalLong run = board.runAt(where);
    // A thumbs-up on a finished backup is praise, not an answer: only a waiting run is asked.
    if (run.isPresent() && inbound.waitsForAnswer(run.getAsLong())) {
      return Optional.of(inbound.answer(userId, roles, run.getAsLong(), yes, "reaction"));
    }
    return Optional.empty();
  }
}
