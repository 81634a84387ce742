package org.p2psip.hostpeer.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.UnitFixtures.session;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.record.LiveObject;
import org.p2psip.hostpeer.record.StoredObject;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/** Get: which objects it answers with, in what form, and which store it asks. */
class GetHandlerTest {

  final Id128 resource = Id128.random();
  final Id128 alice = Id128.random();
  final Id128 bob = Id128.random();
  final LiveObject aliceObject = live(alice, "sip:alice@a");
  final LiveObject bobObject = live(bob, "sip:bob@b");
  final Session session = session("s", 0);

  LiveObject live(Id128 owner, String content) {
    Octets bytes = Octets.utf8(content);
    return new LiveObject(
        new StoredObject(resource, owner, ResourceInfo.hashOf(bytes), 3, bytes), Long.MAX_VALUE);
  }

  Message get(GetHandler handler, Id128 owner, Octets hash) {
    Message request =
        new Message(
            Header.clientRequest(MessageType.GET, 1),
            List.of(new ResourceInfo(3, resource, null, owner, hash, null)));
    return handler.handle(session, request).block();
  }

  static GetHandler handler(ScriptedStore cache, ScriptedStore responsible) {
    return new GetHandler(ScriptedStore.placement(cache, responsible));
  }

  @Test
  void everyObjectIsAnsweredWithItsLifetimeCappedToThirtyTwoBits() {
    ScriptedStore store = new ScriptedStore();
    store.objects = List.of(aliceObject, bobObject);
    Message answer = get(handler(store, store), null, null);

    assertThat(answer.response().code()).isEqualTo(200);
    assertThat(answer.all(ResourceInfo.class))
        .containsExactly(
            new ResourceInfo(
                3,
                resource,
                0xFFFF_FFFFL,
                alice,
                aliceObject.object().contentHash(),
                aliceObject.object().content()),
            new ResourceInfo(
                3,
                resource,
                0xFFFF_FFFFL,
                bob,
                bobObject.object().contentHash(),
                bobObject.object().content()));
    assertThat(store.calls).as("one store, asked once").hasSize(1);
  }

  @Test
  void theOwnerAndTheHashCodeNarrowTheAnswer() {
    ScriptedStore store = new ScriptedStore();
    store.objects = List.of(aliceObject, bobObject);
    GetHandler handler = handler(store, store);

    assertThat(get(handler, bob, null).all(ResourceInfo.class))
        .extracting(ResourceInfo::owner)
        .containsExactly(bob);
    assertThat(get(handler, null, aliceObject.object().contentHash()).all(ResourceInfo.class))
        .extracting(ResourceInfo::owner)
        .containsExactly(alice);
    assertThat(get(handler, bob, aliceObject.object().contentHash()).response().code())
        .as("nothing matches both")
        .isEqualTo(407);
  }

  @Test
  void nothingStoredIs407() {
    ScriptedStore store = new ScriptedStore();
    assertThat(get(handler(store, store), null, null).response().code()).isEqualTo(407);
  }

  @Test
  void thisPeersCacheAnswersFirstTheResponsiblePeerOnlyWhenItHasNothing() {
    ScriptedStore cache = new ScriptedStore();
    ScriptedStore responsible = new ScriptedStore();
    cache.objects = List.of(aliceObject);
    responsible.objects = List.of(bobObject);
    GetHandler handler = handler(cache, responsible);

    assertThat(get(handler, null, null).all(ResourceInfo.class))
        .extracting(ResourceInfo::owner)
        .containsExactly(alice);
    assertThat(responsible.calls).isEmpty();

    assertThat(get(handler, bob, null).all(ResourceInfo.class))
        .as("no match in the cache")
        .extracting(ResourceInfo::owner)
        .containsExactly(bob);
    assertThat(responsible.calls).hasSize(1);
  }
}
