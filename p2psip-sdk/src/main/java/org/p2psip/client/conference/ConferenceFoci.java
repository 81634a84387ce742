package org.p2psip.client.conference;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.p2psip.client.registry.RegistryClient;
import org.p2psip.protocol.value.ResourceIds;
import reactor.core.publisher.Mono;

/**
 * A conference's foci as its DISCO-REGISTRATION dictionary lists them (DisCo 4.4 step 2), each
 * entry checked by the reader itself ({@link Focus#of}): the trusted ones, and how many were not.
 *
 * @param conference the conference URI without its scheme
 * @param generation the dictionary's generation when read
 */
public record ConferenceFoci(
    String conference, long generation, List<Focus> trusted, int rejected) {

  public ConferenceFoci {
    trusted = List.copyOf(trusted);
  }

  /** Fetches and checks the foci of {@code uri}. */
  public static Mono<ConferenceFoci> fetch(
      RegistryClient registry, String uri, @Nullable X509Certificate overlayCa) {
    String conference = ResourceIds.withoutSipScheme(uri);
    return registry
        .fetch(conference, "disco")
        .map(
            fetched -> {
              List<Focus> trusted = new ArrayList<>();
              int rejected = 0;
              for (var entry : fetched.entries()) {
                if (!Boolean.TRUE.equals(entry.exists())) {
                  continue; // a tombstone: a focus that left
                }
                Focus focus = Focus.of(conference, entry, overlayCa);
                if (focus.trusted()) {
                  trusted.add(focus);
                } else {
                  rejected++;
                }
              }
              return new ConferenceFoci(conference, fetched.generation(), trusted, rejected);
            });
  }
}
