package org.p2psip.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.p2psip.disco.state.ConferenceInfo;

/**
 * A conference state (RFC 4575 with DisCo's focus states) as people and scripts read it: who is
 * served by which focus, and the same as a JSON-ready map.
 */
final class RosterText {

  private RosterText() {}

  /** Participants by focus (each focus's sorted), foci in the order the state lists them. */
  static Map<String, List<String>> byFocus(ConferenceInfo state) {
    Map<String, List<String>> roster = new LinkedHashMap<>();
    if (state.focusStates() != null) {
      for (ConferenceInfo.Focus focus : state.focusStates().foci()) {
        List<String> served = new ArrayList<>();
        focus.participants().forEach(participant -> served.add(participant.entity()));
        // sorted: foci list their participants in the order they learnt of them, which differs
        // from focus to focus; two views agree when they hold the same participants
        served.sort(null);
        roster.put(focus.entity(), served);
      }
    }
    return roster;
  }

  static int participants(ConferenceInfo state) {
    return state.users() == null ? 0 : state.users().users().size();
  }

  /** One line per focus: {@code sip:focus-a@127.0.0.1 2: sip:alice@..., sip:dave@...}. */
  static List<String> lines(ConferenceInfo state) {
    List<String> lines = new ArrayList<>();
    byFocus(state)
        .forEach(
            (focus, served) ->
                lines.add(
                    String.format(
                        "%-28s %d: %s",
                        focus, served.size(), served.isEmpty() ? "-" : String.join(", ", served))));
    return lines;
  }

  /** The state as a map for JSON output: conference, version, foci with participants, users. */
  static Map<String, Object> json(ConferenceInfo state) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("conference", state.entity());
    json.put("version", state.version());
    json.put("foci", byFocus(state));
    List<String> users = new ArrayList<>();
    if (state.users() != null) {
      state.users().users().forEach(user -> users.add(user.entity()));
    }
    json.put("users", users);
    return json;
  }
}
