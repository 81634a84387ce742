package org.p2psip.client.enroll;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The overlay configuration document as XML: parsed by the JDK's DOM parser with namespaces, and
 * with no DTD, no external entity, no XInclude (the document comes from the network).
 */
final class ConfigurationXml {

  static final String BASE = "urn:ietf:params:xml:ns:p2p:config-base";
  static final String DISCO = "urn:ietf:params:xml:ns:p2p:config-base:disco";
  static final String P2PSIP = "urn:p2psip:params:xml:ns:config";

  private ConfigurationXml() {}

  /** The parsed document; an {@link IllegalArgumentException} when it is not well-formed. */
  static Document parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      return factory
          .newDocumentBuilder()
          .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalArgumentException("the configuration document is not well-formed XML", e);
    }
  }

  /** The first element {@code name} of {@code namespace}, or null when there is none. */
  static @Nullable Element first(Document document, String namespace, String name) {
    NodeList nodes = document.getElementsByTagNameNS(namespace, name);
    return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
  }

  /** The trimmed text of the first element {@code name}, which must be there. */
  static String text(Document document, String namespace, String name) {
    Element element = first(document, namespace, name);
    if (element == null) {
      throw new IllegalArgumentException("the configuration document has no <" + name + ">");
    }
    return element.getTextContent().trim();
  }

  /** The {@code configuration} element, which must be there. */
  static Element configuration(Document document) {
    Element configuration = first(document, BASE, "configuration");
    if (configuration == null) {
      throw new IllegalArgumentException("the configuration document has no <configuration>");
    }
    return configuration;
  }

  /** {@code address:port} of every element {@code name} of {@code namespace}, in order. */
  static List<String> addresses(Document document, String namespace, String name) {
    List<String> addresses = new ArrayList<>();
    NodeList nodes = document.getElementsByTagNameNS(namespace, name);
    for (int i = 0; i < nodes.getLength(); i++) {
      Element node = (Element) nodes.item(i);
      addresses.add(node.getAttribute("address") + ":" + node.getAttribute("port"));
    }
    return List.copyOf(addresses);
  }
}
