package dev.lifeboat.bot.chat;

import dev.lifeboat.present.ApprovalView;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.RunView;
import java.util.List;

/**
 * A platform's markup for the shared views: the only wording decision it makes is layout.
 * {@code C} is what its {@link ChatSurface} posts.
 */
public interface ChatRenderer<C> {
  /** A run's live message. */
  C run(RunView view);

  /** An approval request's card, with the platform's ways to approve. */
  C approval(ApprovalView view);

  /** A one-off message in a channel (an interrupted run, a break-glass alarm). */
  C notice(List<Line> lines, String notification);

  /** Lines as one text, for threads and ephemeral answers. */
  String text(List<Line> lines);
}
