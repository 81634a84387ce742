package org.p2psip.hostpeer.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.UnitFixtures.session;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.config.HostPeerProperties;
import org.p2psip.hostpeer.record.PutOutcome;
import org.p2psip.hostpeer.record.StoredObject;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.protocol.attribute.Attribute;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/**
 * Put's checks before anything is stored, what it asks the stores to keep and for how long, and how
 * it reports what they answered.
 */
class PutHandlerTest {

  static final HostPeerProperties.Records LIMITS =
      new HostPeerProperties.Records(
          Duration.ofHours(1), Duration.ofDays(1), 100, 64, 256, 1 << 20, Duration.ZERO, 0);

  final Id128 alice = Id128.random();
  final Session session = session("s", 0);
  final ScriptedStore store = new ScriptedStore();
  final PutHandler handler = new PutHandler(ScriptedStore.placement(store, store), LIMITS);

  PutHandlerTest() {
    session.join(alice, "alice@example.org", null);
  }

  Message put(ResourceInfo... objects) {
    Message request =
        new Message(Header.clientRequest(MessageType.PUT, 1), List.<Attribute>of(objects));
    return handler.handle(session, request).block();
  }

  static ResourceInfo object(Id128 resource, Long lifetime, Id128 owner, String content) {
    return new ResourceInfo(1, resource, lifetime, owner, null, Octets.utf8(content));
  }

  static int code(Message answer) {
    return answer.response().code();
  }

  static Integer subCode(Message answer) {
    return answer.response().subCode();
  }

  @Test
  void theOwnerAndHashCodeAreFilledInAndTheObjectIsStored() {
    Id128 resource = Id128.random();
    assertThat(code(put(object(resource, 60L, null, "sip:alice@a")))).isEqualTo(200);

    assertThat(store.calls).hasSize(1);
    ScriptedStore.Call call = store.calls.get(0);
    assertThat(call.operation()).isEqualTo("put");
    assertThat(call.subject())
        .isEqualTo(
            new StoredObject(
                resource,
                alice,
                ResourceInfo.hashOf(Octets.utf8("sip:alice@a")),
                1,
                Octets.utf8("sip:alice@a")));
    assertThat(call.lifetime()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void noLifetimeMeansTheDefaultAndTooLongOneIsCutToTheMaximum() {
    put(
        object(Id128.random(), null, alice, "none"),
        object(Id128.random(), 0L, alice, "zero"),
        object(Id128.random(), 0xFFFF_FFFFL, alice, "long"),
        object(Id128.random(), LIMITS.maxLifetime().toSeconds(), alice, "max"));
    assertThat(store.calls)
        .extracting(ScriptedStore.Call::lifetime)
        .containsExactly(
            LIMITS.defaultLifetime(),
            LIMITS.defaultLifetime(),
            LIMITS.maxLifetime(),
            LIMITS.maxLifetime());
  }

  @Test
  void anotherOwnersObjectRefusesTheWholePutBeforeAnythingIsStored() {
    Message answer =
        put(
            object(Id128.random(), 60L, alice, "mine"),
            object(Id128.random(), 60L, Id128.random(), "not mine"));
    assertThat(code(answer)).isEqualTo(409);
    assertThat(subCode(answer)).isEqualTo(RejectCodes.NOT_OWNER);
    assertThat(store.calls).isEmpty();
  }

  @Test
  void aValueOverTheLimitIsRefusedOneAtTheLimitIsNot() {
    Message answer =
        put(
            object(Id128.random(), 60L, alice, "x".repeat(LIMITS.maxValueBytes())),
            object(Id128.random(), 60L, alice, "x".repeat(LIMITS.maxValueBytes() + 1)));
    assertThat(code(answer)).isEqualTo(409);
    assertThat(subCode(answer)).isEqualTo(RejectCodes.VALUE_TOO_LARGE);
    assertThat(store.calls).isEmpty();

    assertThat(code(put(object(Id128.random(), 60L, alice, "x".repeat(LIMITS.maxValueBytes())))))
        .isEqualTo(200);
  }

  @Test
  void aHashCodeThatDoesNotMatchTheContentIsBadParameters() {
    ResourceInfo lying =
        new ResourceInfo(
            1,
            Id128.random(),
            60L,
            alice,
            ResourceInfo.hashOf(Octets.utf8("other")),
            Octets.utf8("this"));
    assertThat(code(put(lying))).isEqualTo(401);
    assertThat(store.calls).isEmpty();
  }

  @Test
  void withoutContentItRefreshesTheOwnersObjectAnd407WhenThereIsNone() {
    Id128 resource = Id128.random();
    Octets hash = ResourceInfo.hashOf(Octets.utf8("kept"));
    ResourceInfo refresh = new ResourceInfo(1, resource, 300L, alice, hash, null);

    assertThat(code(put(refresh))).isEqualTo(200);
    assertThat(store.calls)
        .containsExactly(
            new ScriptedStore.Call(
                "refresh", resource, List.of(alice, hash), Duration.ofSeconds(300)));

    store.refreshFinds = false;
    assertThat(code(put(refresh))).isEqualTo(407);
  }

  @Test
  void whatTheStoreRefusesBecomesItsSubCodeAndTheOtherObjectsAreStillTried() {
    for (var refusal :
        List.of(
            List.of(PutOutcome.RESOURCE_FULL, RejectCodes.RESOURCE_FULL),
            List.of(PutOutcome.OWNER_OBJECTS_EXCEEDED, RejectCodes.OWNER_OBJECT_LIMIT),
            List.of(PutOutcome.OWNER_BYTES_EXCEEDED, RejectCodes.OWNER_BYTE_LIMIT))) {
      store.calls.clear();
      store.putOutcome = (PutOutcome) refusal.get(0);
      Message answer =
          put(
              object(Id128.random(), 60L, alice, "first"),
              object(Id128.random(), 60L, alice, "second"));
      assertThat(code(answer)).isEqualTo(409);
      assertThat(subCode(answer)).isEqualTo(refusal.get(1));
      assertThat(store.calls).as("every object is tried (in parallel)").hasSize(2);
    }
  }

  @Test
  void theClientGetsTheFirstRefusalInRequestOrder() {
    Id128 first = Id128.random();
    Id128 second = Id128.random();
    Id128 third = Id128.random();
    store.putOutcomes.put(second, PutOutcome.OWNER_BYTES_EXCEEDED);
    store.putOutcomes.put(third, PutOutcome.RESOURCE_FULL);
    Message answer =
        put(
            object(first, 60L, alice, "stored"),
            object(second, 60L, alice, "too many bytes"),
            object(third, 60L, alice, "full"));
    assertThat(code(answer)).isEqualTo(409);
    assertThat(subCode(answer)).isEqualTo(RejectCodes.OWNER_BYTE_LIMIT);
  }

  @Test
  void anObjectGoesToThisPeersCacheAndThenToTheResponsiblePeer() {
    ScriptedStore cache = new ScriptedStore();
    ScriptedStore responsible = new ScriptedStore();
    PutHandler twoStores = new PutHandler(ScriptedStore.placement(cache, responsible), LIMITS);
    Message request =
        new Message(
            Header.clientRequest(MessageType.PUT, 2),
            List.of(object(Id128.random(), 60L, null, "both")));

    assertThat(code(twoStores.handle(session, request).block())).isEqualTo(200);
    assertThat(cache.calls).hasSize(1);
    assertThat(responsible.calls).hasSize(1);

    responsible.putOutcome = PutOutcome.RESOURCE_FULL;
    Message refused = twoStores.handle(session, request).block();
    assertThat(subCode(refused))
        .as("the responsible peer's refusal counts")
        .isEqualTo(RejectCodes.RESOURCE_FULL);
  }
}
