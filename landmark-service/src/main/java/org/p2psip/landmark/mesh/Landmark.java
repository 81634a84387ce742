package org.p2psip.landmark.mesh;

/** A registered landmark: its id and where it answers probes (UDP and TCP). */
public record Landmark(String id, String host, int port) {}
