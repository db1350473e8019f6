package dev.lifeboat.bot.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One manual page, rendered as roff (the man(7) macros) from a picocli command. picocli-codegen
 * writes AsciiDoc, which needs Asciidoctor (a Ruby runtime) to become a man page; the man macros
 * for a command's name, synopsis, options and exit status are few enough to write directly.
 */
record ManPage(String fileName, String roff) {

  /** The page of {@code root} and of every command below it. */
  static List<ManPage> all(CommandSpec root) {
    List<ManPage> pages = new ArrayList<>();
    collect(root, pages);
    return pages;
  }

  private static void collect(CommandSpec command, List<ManPage> pages) {
    if (command.helpCommand()) {
      return;
    }
    pages.add(of(command));
    for (var sub : command.subcommands().values()) {
      if (sub.getCommandSpec().parent() == command) { // aliases would repeat a page
        collect(sub.getCommandSpec(), pages);
      }
    }
  }

  static ManPage of(CommandSpec command) {
    String name = command.qualifiedName("-");
    StringBuilder out = new StringBuilder();
    out.append(".TH ").append(quote(name.toUpperCase())).append(" 1 ")
        .append(quote(LocalDate.now().toString())).append(' ')
        .append(quote(command.root().version().length > 0 ? command.root().version()[0]
            : "lifeboat"))
        .append(" \"Lifeboat manual\"\n");
    out.append(".SH NAME\n").append(escape(name)).append(" \\- ")
        .append(escape(firstLine(command))).append('\n');
    out.append(".SH SYNOPSIS\n.B ").append(escape(command.qualifiedName(" "))).append('\n');
    for (PositionalParamSpec p : command.positionalParameters()) {
      out.append(".I ").append(escape(p.paramLabel())).append('\n');
    }
    if (!command.options().isEmpty()) {
      out.append("[\\fIOPTIONS\\fR]\n");
    }
    if (!command.subcommands().isEmpty()) {
      out.append("\\fICOMMAND\\fR\n");
    }
    out.append(".SH DESCRIPTION\n");
    for (String line : command.usageMessage().description()) {
      out.append(escape(line)).append("\n.br\n");
    }
    if (!command.positionalParameters().isEmpty() || !command.options().isEmpty()) {
      out.append(".SH OPTIONS\n");
      for (PositionalParamSpec p : command.positionalParameters()) {
        out.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n')
            .append(escape(String.join(" ", p.description()))).append('\n');
      }
      for (OptionSpec o : command.options()) {
        out.append(".TP\n.B ").append(escape(String.join(", ", o.names())));
        if (o.arity().max() > 0) {
          out.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
        }
        out.append('\n').append(escape(String.join(" ", o.description()))).append('\n');
      }
    }
    if (!command.subcommands().isEmpty()) {
      out.append(".SH COMMANDS\n");
      command.subcommands().forEach((sub, line) -> {
        if (line.getCommandSpec().parent() == command) {
          out.append(".TP\n.B ").append(escape(sub)).append('\n')
              .append(escape(firstLine(line.getCommandSpec()))).append('\n');
        }
      });
    }
    out.append(".SH EXIT STATUS\n");
    for (ExitCode code : ExitCode.values()) {
      out.append(".TP\n.B ").append(code.code()).append('\n').append(escape(code.meaning()))
          .append('\n');
    }
    out.append(".SH SEE ALSO\n").append(escape(
        "lifeboat(1); docs/operations.md and docs/ in the Lifeboat repository")).append('\n');
    return new ManPage(name + ".1", out.toString());
  }

  private static String firstLine(CommandSpec command) {
    String[] d = command.usageMessage().description();
    return d.length == 0 ? "" : d[0];
  }

  private static String quote(String text) {
    return "\"" + text.replace("\"", "'") + "\"";
  }

  /** Backslashes, hyphens and a leading dot or quote mean something to roff. */
  private static String escape(String text) {
    String t = text.replace("\\", "\\e").replace("-", "\\-");
    return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
  }
}
