package dev.lifeboat.bot.slack;

import com.slack.api.model.block.LayoutBlock;
import java.util.List;

/** What a Slack message shows: the notification text and the blocks people see. */
record SlackMessage(String text, List<LayoutBlock> blocks) {
  SlackMessage {
    blocks = List.copyOf(blocks);
  }
}
