package org.p2psip.landmark;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A landmark's settings, under {@code p2psip.landmark}.
 *
 * @param id the id answers carry; the host name when empty
 * @param port UDP and TCP port of the probe responder (PROTOCOL.md section 5)
 * @param probesPerSecond probes one source address may send per second (a token bucket)
 * @param burst how many probes a source may send at once
 */
@ConfigurationProperties("p2psip.landmark")
public record LandmarkProperties(
    String id,
    @DefaultValue("0.0.0.0") String bindAddress,
    @DefaultValue("6090") int port,
    @DefaultValue("200") int probesPerSecond,
    @DefaultValue("50") int burst) {}
