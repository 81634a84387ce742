package org.p2psip.hostpeer.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.p2psip.hostpeer.UnitFixtures.session;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psip.hostpeer.session.Session;
import org.p2psip.protocol.attribute.ResourceInfo;
import org.p2psip.protocol.message.Header;
import org.p2psip.protocol.message.Message;
import org.p2psip.protocol.message.MessageType;
import org.p2psip.protocol.value.Id128;
import org.p2psip.protocol.value.Octets;

/** Remove: only by the owner, 407 when there was nothing, from every store that may hold it. */
class RemoveHandlerTest {

  final Id128 alice = Id128.random();
  final Id128 resource = Id128.random();
  final Octets hash = ResourceInfo.hashOf(Octets.utf8("sip:alice@a"));
  final Session session = session("s", 0);

  RemoveHandlerTest() {
    session.join(alice, null, null);
  }

  Message remove(RemoveHandler handler, Id128 owner) {
    Message request =
        new Message(
            Header.clientRequest(MessageType.REMOVE, 1),
            List.of(new ResourceInfo(1, resource, null, owner, hash, null)));
    return handler.handle(session, request).block();
  }

  @Test
  void theOwnerRemovesAndA407SaysThereWasNothing() {
    ScriptedStore store = new ScriptedStore();
    RemoveHandler handler = new RemoveHandler(ScriptedStore.placement(store, store));

    assertThat(remove(handler, alice).response().code()).isEqualTo(200);
    assertThat(store.calls)
        .containsExactly(
            new ScriptedStore.Call("remove", resource, List.of(alice, hash), Duration.ZERO));

    store.removeFinds = false;
    assertThat(remove(handler, alice).response().code()).isEqualTo(407);
  }

  @Test
  void anotherOwnersObjectIsNotTouched() {
    ScriptedStore store = new ScriptedStore();
    Message answer =
        remove(new RemoveHandler(ScriptedStore.placement(store, store)), Id128.random());
    assertThat(answer.response().code()).isEqualTo(409);
    assertThat(answer.response().subCode()).isEqualTo(RejectCodes.NOT_OWNER);
    assertThat(store.calls).isEmpty();
  }

  @Test
  void itIsRemovedFromTheCacheAndTheResponsiblePeerFoundInEither() {
    ScriptedStore cache = new ScriptedStore();
    ScriptedStore responsible = new ScriptedStore();
    RemoveHandler handler = new RemoveHandler(ScriptedStore.placement(cache, responsible));

    cache.removeFinds = false;
    assertThat(remove(handler, alice).response().code()).isEqualTo(200);
    assertThat(cache.calls).hasSize(1);
    assertThat(responsible.calls).hasSize(1);

    responsible.removeFinds = false;
    assertThat(remove(handler, alice).response().code()).isEqualTo(407);
  }
}
