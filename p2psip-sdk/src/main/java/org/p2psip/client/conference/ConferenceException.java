package org.p2psip.client.conference;

/** A conference step that cannot go on, with a message for the user. */
public final class ConferenceException extends RuntimeException {

  public ConferenceException(String message) {
    super(message);
  }
}
