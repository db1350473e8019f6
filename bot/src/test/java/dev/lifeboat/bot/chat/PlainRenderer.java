package dev.lifeboat.bot.chat;

import dev.lifeboat.present.ApprovalView;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.RunView;
import java.util.ArrayList;
import java.util.List;

/** The shared views as plain text, one line each: what a test reads a message as. */
final class PlainRenderer implements ChatRenderer<String> {
  @Override
  public String run(RunView view) {
    List<Line> lines = new ArrayList<>(List.of(view.title()));
    lines.addAll(view.stepLines());
    lines.addAll(view.questionLines());
    lines.addAll(view.summaryLines());
    lines.add(view.footer());
    return text(lines);
  }

  @Override
  public String approval(ApprovalView view) {
    List<Line> lines = new ArrayList<>(view.lines());
    lines.add(view.commands());
    return text(lines);
  }

  @Override
  public String notice(List<Line> lines, String notification) {
    return text(lines);
  }

  @Override
  public String text(List<Line> lines) {
    return Line.plain(lines);
  }
}
