package dev.lifeboat.bot.chat;

import dev.lifeboat.present.Line;
import dev.lifeboat.present.Span;
import dev.lifeboat.present.Tone;
import java.util.List;

/**
 * How a platform writes each kind of span; lines are assembled here, once, for every platform.
 * Implementations escape what their markup would read as control.
 */
public interface Markup {
  String text(String text);

  String code(String text);

  String bold(String text);

  String mention(String person);

  String status(Tone tone);

  /** One line; a status icon is followed by a space when more follows. */
  default String line(Line line) {
    StringBuilder out = new StringBuilder();
    List<Span> spans = line.spans();
    for (int i = 0; i < spans.size(); i++) {
      switch (spans.get(i)) {
        case Span.Text t -> out.append(text(t.text()));
        case Span.Code c -> out.append(code(c.text()));
        case Span.Bold b -> out.append(bold(b.text()));
        case Span.Mention m -> out.append(mention(m.person()));
        case Span.Status s -> out.append(status(s.tone())).append(i + 1 < spans.size() ? " " : "");
      }
    }
    return out.toString();
  }

  /** Lines, one per line. */
  default String lines(List<Line> lines) {
    return String.join("\n", lines.stream().map(this::line).toList());
  }
}
