package org.p2psip.overlay.sim;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.p2psip.overlay.node.NodeClock;
import org.p2psip.overlay.node.NodeEvents;
import org.p2psip.overlay.node.OverlayNode;
import org.p2psip.overlay.node.OverlaySettings;
import org.p2psip.overlay.node.PeerLinks;
import org.p2psip.overlay.node.StorageLimits;
import org.p2psip.protocol.attribute.OverlayInfo;
import org.p2psip.protocol.attribute.PeerAddressInfo;
import org.p2psip.protocol.attribute.PeerInfo;
import org.p2psip.protocol.attribute.PeerServiceCapability;
import org.p2psip.protocol.attribute.StatusAttribute;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.message.PeerResponses;
import org.p2psip.protocol.message.ResponseCode;
import org.p2psip.protocol.value.HashAlgorithm;
import org.p2psip.protocol.value.Id128;

/**
 * A network of {@link OverlayNode}s in virtual time: messages are delivered as objects (no
 * encoding) after a latency of 2-12 ms, a crashed node's peers see their connections close, and
 * requests to it fail as unreachable. What the transport of the host peer does over TCP, minus the
 * bytes.
 */
final class SimNetwork {

  static final OverlayInfo OVERLAY = new OverlayInfo(HashAlgorithm.SHA1, 1, "sim.p2psip.org");

  final VirtualTime time = new VirtualTime();
  private final Random random;
  private final OverlaySettings settings;

  /** The storage limits of peers added from now on. */
  StorageLimits limits = StorageLimits.DEFAULTS;

  private final Map<Id128, SimNode> nodes = new HashMap<>();
  private final Map<String, Id128> addresses = new HashMap<>();
  private final Map<Id128, Set<Id128>> connections = new HashMap<>();
  private final Map<Id128, List<Consumer<PeerLinks.Outcome>>> pendingTo = new HashMap<>();

  /** Peers found dead, as {observer, dead}, in the order the nodes declared them. */
  final List<Id128[]> deaths = new ArrayList<>();

  /** Nodes whose answers to KEEPALIVE are lost on the way (stuck behind load, say). */
  final Set<Id128> keepaliveAnswersLost = new HashSet<>();

  /** Nodes whose requests are lost on the way: they say nothing of their own. */
  final Set<Id128> requestsLost = new HashSet<>();

  /** One simulated host peer. */
  final class SimNode {
    final Id128 id;
    final PeerInfo info;
    final String address;
    final OverlayNode overlay;
    final MemoryReplicaStore store;
    boolean alive = true;

    SimNode(Id128 id, int index, boolean seed) {
      this.id = id;
      this.info =
          PeerInfo.source(
              id,
              PeerServiceCapability.NONE,
              List.of(address(index), address(index).withUsage(PeerAddressInfo.USAGE_CLIENT)));
      this.address = "peer-" + index + ":6094";
      this.overlay =
          new OverlayNode(
              info,
              settings.withSeed(seed),
              new Clock(),
              new Links(this),
              new Random(random.nextLong()),
              new NodeEvents() {
                @Override
                public void peerDead(Id128 peer) {
                  deaths.add(new Id128[] {id, peer});
                }
              });
      this.store = new MemoryReplicaStore(time);
      overlay.enableStorage(store, limits);
    }
  }

  SimNetwork(long seed, OverlaySettings settings) {
    this.random = new Random(seed);
    this.settings = settings;
  }

  static OverlaySettings settings() {
    return OverlaySettings.defaults(OVERLAY, false);
  }

  SimNode add(Id128 id) {
    return add(id, false);
  }

  SimNode add(Id128 id, boolean seed) {
    SimNode node = new SimNode(id, nodes.size(), seed);
    nodes.put(id, node);
    addresses.put(node.address, id);
    return node;
  }

  SimNode node(Id128 id) {
    return nodes.get(id);
  }

  List<SimNode> alive() {
    List<SimNode> alive = new ArrayList<>();
    for (SimNode node : nodes.values()) {
      if (node.alive) {
        alive.add(node);
      }
    }
    alive.sort((a, b) -> a.id.compareTo(b.id));
    return alive;
  }

  /** Kills a node as SIGKILL would: no goodbye; its peers see their connections close. */
  void crash(Id128 id) {
    SimNode node = nodes.get(id);
    node.alive = false;
    node.overlay.stop();
    for (Id128 peer : connections.getOrDefault(id, Set.of())) {
      SimNode other = nodes.get(peer);
      if (other != null && other.alive) {
        time.schedule(
            latency(),
            () -> {
              if (other.alive) {
                other.overlay.onConnectionLost(id);
              }
            });
      }
      connections.getOrDefault(peer, new HashSet<>()).remove(id);
    }
    connections.remove(id);
    // Requests it received but never answered: their connections close, as TCP would tell.
    for (Consumer<PeerLinks.Outcome> pending : pendingTo.getOrDefault(id, List.of())) {
      time.schedule(latency(), () -> pending.accept(PeerLinks.Outcome.UNREACHABLE));
    }
    pendingTo.remove(id);
  }

  private long latency() {
    return 2 + random.nextInt(11);
  }

  private void connected(Id128 a, Id128 b) {
    connections.computeIfAbsent(a, k -> new HashSet<>()).add(b);
    connections.computeIfAbsent(b, k -> new HashSet<>()).add(a);
  }

  private static PeerAddressInfo address(int index) {
    try {
      byte[] ip = {10, (byte) (index >> 16), (byte) (index >> 8), (byte) index};
      return PeerAddressInfo.tcpHost(InetAddress.getByAddress(ip), 6094);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private final class Clock implements NodeClock {
    @Override
    public long nowMillis() {
      return time.now();
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
      boolean[] cancelled = {false};
      time.schedule(
          delayMillis,
          () -> {
            if (!cancelled[0]) {
              task.run();
            }
          });
      return () -> cancelled[0] = true;
    }
  }

  private final class Links implements PeerLinks {
    private final SimNode owner;

    Links(SimNode owner) {
      this.owner = owner;
    }

    @Override
    public void connect(PeerInfo peer, Consumer<Boolean> done) {
      SimNode target = nodes.get(peer.peerId());
      long delay = 2 * latency();
      time.schedule(
          delay,
          () -> {
            if (!owner.alive) {
              return;
            }
            boolean ok = target != null && target.alive;
            if (ok) {
              connected(owner.id, target.id);
            }
            done.accept(ok);
          });
    }

    @Override
    public void connectBootstrap(String hostAndPort, Consumer<Outcome> answered) {
      Id128 id = addresses.get(hostAndPort);
      SimNode target = id == null ? null : nodes.get(id);
      time.schedule(
          2 * latency(),
          () -> {
            if (!owner.alive) {
              return;
            }
            if (target == null || !target.alive) {
              answered.accept(Outcome.UNREACHABLE);
              return;
            }
            connected(owner.id, target.id);
            Message handshake =
                Message.of(
                    Header.peerRequest(MessageType.KEEPALIVE, 1, owner.id, Id128.wrap(new byte[16]))
                        .withTtl(1),
                    owner.info,
                    OVERLAY);
            answered.accept(
                new Outcome.Answered(
                    PeerResponses.to(
                        handshake,
                        ResponseCode.OK,
                        target.overlay.self(),
                        new StatusAttribute(target.overlay.status()),
                        OVERLAY)));
          });
    }

    @Override
    public void send(Id128 peer, Message request, long timeoutMillis, Consumer<Outcome> outcome) {
      SimNode target = nodes.get(peer);
      boolean[] done = {false};
      Consumer<Outcome> once =
          result -> {
            if (!done[0] && owner.alive) {
              done[0] = true;
              outcome.accept(result);
            }
          };
      if (target == null || !target.alive) {
        time.schedule(2 * latency(), () -> once.accept(Outcome.UNREACHABLE));
        return;
      }
      connected(owner.id, target.id);
      List<Consumer<Outcome>> pending = pendingTo.computeIfAbsent(peer, k -> new ArrayList<>());
      pending.add(once);
      Runnable settle = () -> pending.remove(once);
      time.schedule(
          timeoutMillis,
          () -> {
            settle.run();
            once.accept(Outcome.TIMED_OUT);
          });
      if (requestsLost.contains(owner.id)) {
        return; // its timeout above still fires
      }
      boolean answerLost =
          request.type() == MessageType.KEEPALIVE && keepaliveAnswersLost.contains(peer);
      time.schedule(
          latency(),
          () -> {
            if (!target.alive) {
              time.schedule(latency(), () -> once.accept(Outcome.UNREACHABLE));
              return;
            }
            target.overlay.onRequest(
                owner.id,
                request,
                answer -> {
                  if (answerLost) {
                    return; // the sender's timeout fires
                  }
                  time.schedule(
                      latency(),
                      () -> {
                        settle.run();
                        once.accept(new Outcome.Answered(answer));
                      });
                });
          });
    }

    @Override
    public void close(Id128 peer) {
      // Connections are bookkeeping only here; a closed one is simply not used again.
    }
  }
}
