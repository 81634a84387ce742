package org.p2psip.client.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server-sent-events parser of the change stream, line by line. */
class ChangeStreamTest {

  static List<ChangeStream.Change> parse(String... lines) {
    ChangeStream.Parser parser = new ChangeStream.Parser();
    List<ChangeStream.Change> changes = new ArrayList<>();
    for (String line : lines) {
      ChangeStream.Change change = parser.line(line);
      if (change != null) {
        changes.add(change);
      }
    }
    return changes;
  }

  @Test
  void eventsAreDispatchedAtTheEmptyLineThatEndsThem() {
    assertThat(
            parse(
                "event:present",
                "data:{\"event\":\"present\",\"key\":\"ab\",\"generation\":3}",
                "",
                ":keep-alive",
                "",
                "event: ready",
                "data: {\"event\":\"ready\",\"key\":null,\"generation\":3}",
                "",
                "event:removed",
                "data:{\"event\":\"removed\",\"key\":\"ab\",\"generation\":4}",
                ""))
        .containsExactly(
            new ChangeStream.Change("present", "ab", 3),
            new ChangeStream.Change("ready", null, 3),
            new ChangeStream.Change("removed", "ab", 4));
  }

  @Test
  void dataOverSeveralLinesIsOneEventAndAnUnnamedEventIsAMessage() {
    assertThat(parse("data:{\"key\":", "data:\"cd\",\"generation\":9}", ""))
        .containsExactly(new ChangeStream.Change("message", "cd", 9));
  }

  @Test
  void anEventWithoutDataIsNoChange() {
    assertThat(parse("event:added", "", "id:7", "")).isEmpty();
  }

  @Test
  void onlyAddedUpdatedAndRemovedAreChanges() {
    assertThat(new ChangeStream.Change("present", "ab", 1).isChange()).isFalse();
    assertThat(new ChangeStream.Change("ready", null, 1).isChange()).isFalse();
    assertThat(new ChangeStream.Change("added", "ab", 2).isChange()).isTrue();
    assertThat(new ChangeStream.Change("removed", "ab", 3).isChange()).isTrue();
  }
}
