package dev.lifeboat.bot.chat;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.NotAuthorizedException;
import dev.lifeboat.access.Person;
import dev.lifeboat.command.CommandParser;
import dev.lifeboat.command.CommandService;
import dev.lifeboat.command.Reply;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.ReplyLines;
import dev.lifeboat.present.Tone;
import dev.lifeboat.run.Origin;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way in from every chat: who the person is (by their platform id, or already known at
 * a console), the shared parser, the command service, approvals and checklist answers by
 * command, button or reaction; and every exception turned into an answer here, once.
 */
public final class ChatInbound {
  private static final Logger LOG = LoggerFactory.getLogger(ChatInbound.class);

  private final String platform;
  private final CommandService commands;
  private final CommandParser parser = new CommandParser();

  /** @param platform the key of people's ids in lifeboat.yaml ("slack", "discord") */
  public ChatInbound(String platform, CommandService commands) {
    this.platform = platform;
    this.commands = commands;
  }

  /**
   * What to answer the person who typed, clicked or reacted: only they see it.
   *
   * @param reply what the engine answered, empty when it refused or failed
   */
  public record Answer(Optional<Reply> reply, List<Line> lines) {
    public Answer {
      lines = List.copyOf(lines);
    }
  }

  /** The person with this platform id, if lifeboat.yaml knows them. */
  public Optional<Person> person(String userId) {
    return person(userId, Set.of());
  }

  /**
   * The person with this platform id holding {@code roles} there (Discord's role ids): a
   * group's {@code discord_role} makes its holders members, listed in people: or not.
   */
  public Optional<Person> person(String userId, Set<String> roles) {
    return userId == null ? Optional.empty()
        : commands.access().byChatId(platform, userId, roles);
  }

  /** A command someone typed on this platform. */
  public Answer command(String userId, String text, Origin origin) {
    return command(userId, Set.of(), text, origin);
  }

  /** A command someone holding {@code roles} typed on this platform. */
  public Answer command(String userId, Set<String> roles, String text, Origin origin) {
    Optional<Person> person = person(userId, roles);
    return person.isEmpty() ? stranger(userId) : command(person.get(), text, origin);
  }

  /** A command from a person already known (a console runs as one). */
  public Answer command(Person person, String text, Origin origin) {
    return answer(person, text.strip().split("\\s+", 2)[0], () -> commands.execute(person,
        parser.parse(text), origin));
  }

  /**
   * A message someone marked for the incident's timeline (a pin reaction in Slack): it becomes
   * a note of the incident of that channel. Empty when there is nothing to say: no incident
   * lives there (a pin is then just a pin), or the person is unknown.
   */
  public Optional<Answer> mark(String userId, String text, Origin origin) {
    Optional<Person> person = person(userId);
    if (person.isEmpty()) {
      return Optional.empty();
    }
    try {
      return commands.mark(person.get(), text, origin)
          .map(reply -> new Answer(Optional.of(reply), ReplyLines.of(reply)));
    } catch (RuntimeException e) {
      return Optional.of(failed(person.get(), "pin", e));
    }
  }

  /** Approve or deny by button or reaction ({@code via}), exactly as the commands do. */
  public Answer decide(String userId, long request, boolean approve, String via) {
    return decide(userId, Set.of(), request, approve, via);
  }

  /** Approve or deny by someone holding {@code roles} on this platform. */
  public Answer decide(String userId, Set<String> roles, long request, boolean approve,
      String via) {
    Optional<Person> person = person(userId, roles);
    if (person.isEmpty()) {
      return stranger(userId);
    }
    return answer(person.get(), (approve ? "approve a" : "deny a") + request + " via " + via,
        () -> commands.decide(person.get(), request, approve, "", via));
  }

  /** Continue or abort a run's checklist by button or reaction, exactly as /continue does. */
  public Answer answer(String userId, long run, boolean proceed, String via) {
    return answer(userId, Set.of(), run, proceed, via);
  }

  /** Continue or abort by someone holding {@code roles} on this platform. */
  public Answer answer(String userId, Set<String> roles, long run, boolean proceed,
      String via) {
    Optional<Person> person = person(userId, roles);
    if (person.isEmpty()) {
      return stranger(userId);
    }
    return answer(person.get(), (proceed ? "continue r" : "abort r") + run + " via " + via,
        () -> commands.answer(person.get(), run, proceed, "", via));
  }

  /** Whether a run waits for a person's answer, so a reaction on its message is one. */
  public boolean waitsForAnswer(long run) {
    return commands.waitsForAnswer(run);
  }

  private Answer answer(Person person, String what, Supplier<Reply> work) {
    try {
      Reply reply = work.get();
      return new Answer(Optional.of(reply), ReplyLines.of(reply));
    } catch (RuntimeException e) {
      return failed(person, what, e);
    }
  }

  /** A refusal or failure as the person is told it; unexpected ones go to the log in full. */
  private Answer failed(Person person, String what, RuntimeException failure) {
    return switch (failure) {
      case NotAuthorizedException e -> refused(e.getMessage());
      case LifeboatException e -> new Answer(Optional.empty(), List.of(Line.of(Tone.WARNING)
          .text(e.getMessage()).build()));
      default -> {
        LOG.error("{} by {} failed", what, person.name(), failure);
        yield new Answer(Optional.empty(), List.of(Line.of(Tone.WARNING).text("Something went "
            + "wrong inside Lifeboat; nothing more was done. The operators' log has the "
            + "details.").build()));
      }
    };
  }


  /** What someone lifeboat.yaml does not know is told, whatever they tried. */
  public Answer stranger(String userId) {
    return new Answer(Optional.empty(), List.of(Line.of(Tone.REFUSED).bold("Refused:")
        .text(" Lifeboat does not know you yet, so it cannot act on this. Ask a Lifeboat admin "
            + "to add ").code(platform + ": " + (userId == null ? "?" : userId))
        .text(" to your entry under ").code("people:").text(" in lifeboat.yaml.").build()));
  }

  private static Answer refused(String message) {
    return new Answer(Optional.empty(), List.of(Line.of(Tone.REFUSED).bold("Refused:")
        .text(" " + message).build()));
  }
}
