package dev.lifeboat.present;

import java.util.ArrayList;
import java.util.List;

/** One line of what Lifeboat says, as spans. */
public record Line(List<Span> spans) {
  public Line {
    spans = List.copyOf(spans);
  }

  public static Line text(String text) {
    return new Line(List.of(new Span.Text(text)));
  }

  public static Builder of(Tone tone) {
    return new Builder().status(tone);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The words without markup or icons, for logs, the state database and scripts. */
  public String plain() {
    StringBuilder out = new StringBuilder();
    for (Span span : spans) {
      switch (span) {
        case Span.Text t -> out.append(t.text());
        case Span.Code c -> out.append(c.text());
        case Span.Bold b -> out.append(b.text());
        case Span.Mention m -> out.append(m.person());
        case Span.Status s -> { }
      }
    }
    return out.toString().strip();
  }

  /** Lines as plain text, one per line. */
  public static String plain(List<Line> lines) {
    return String.join("\n", lines.stream().map(Line::plain).toList());
  }

  /** Builds a line span by span. */
  public static final class Builder {
    private final List<Span> spans = new ArrayList<>();

    public Builder text(String text) {
      if (!text.isEmpty()) {
        spans.add(new Span.Text(text));
      }
      return this;
    }

    public Builder code(String text) {
      spans.add(new Span.Code(text));
      return this;
    }

    public Builder bold(String text) {
      spans.add(new Span.Bold(text));
      return this;
    }

    public Builder mention(String person) {
      spans.add(new Span.Mention(person));
      return this;
    }

    /** People as mentions, "a, b"; {@code none} when there is nobody. */
    public Builder mentions(List<String> people, String none) {
      if (people.isEmpty()) {
        return text(none);
      }
      for (int i = 0; i < people.size(); i++) {
        if (i > 0) {
          text(", ");
        }
        mention(people.get(i));
      }
      return this;
    }

    public Builder status(Tone tone) {
      spans.add(new Span.Status(tone));
      return this;
    }

    public Builder append(Line line) {
      spans.addAll(line.spans());
      return this;
    }

    public Line build() {
      return new Line(spans);
    }
  }
}
