package org.p2psip.client.enroll;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a client reads again from a configuration document it verified when it saved it (with its
 * profile): the overlay's name and the bootstrap peers. Read with an XML parser (namespaces, no
 * DTD, no external entity), not verified again: the document may have expired since.
 *
 * @param overlayName the {@code instance-name} of the {@code <configuration>} element
 * @param bootstrapPeers the {@code <bootstrap-node address port>} elements, in document order
 */
public record SavedConfiguration(String overlayName, List<InetSocketAddress> bootstrapPeers) {

  public SavedConfiguration {
    bootstrapPeers = List.copyOf(bootstrapPeers);
  }

  /** Reads {@code xml}; an {@link IllegalArgumentException} when it is not such a document. */
  public static SavedConfiguration parse(String xml) {
    Document document = ConfigurationXml.parse(xml);
    Element configuration = ConfigurationXml.configuration(document);
    List<InetSocketAddress> peers = new ArrayList<>();
    NodeList nodes = document.getElementsByTagNameNS(ConfigurationXml.BASE, "bootstrap-node");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element node = (Element) nodes.item(i);
      String port = node.getAttribute("port");
      try {
        peers.add(new InetSocketAddress(node.getAttribute("address"), Integer.parseInt(port)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "a bootstrap node of the configuration document has no usable address and port", e);
      }
    }
    return new SavedConfiguration(configuration.getAttribute("instance-name"), peers);
  }
}
