package org.p2psip.disco.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.jspecify.annotations.Nullable;
import org.p2psip.disco.state.ConferenceInfo.AvailableMedia;
import org.p2psip.disco.state.ConferenceInfo.Capacity;
import org.p2psip.disco.state.ConferenceInfo.Description;
import org.p2psip.disco.state.ConferenceInfo.Endpoint;
import org.p2psip.disco.state.ConferenceInfo.Focus;
import org.p2psip.disco.state.ConferenceInfo.FocusStates;
import org.p2psip.disco.state.ConferenceInfo.Graph;
import org.p2psip.disco.state.ConferenceInfo.Media;
import org.p2psip.disco.state.ConferenceInfo.Participant;
import org.p2psip.disco.state.ConferenceInfo.SipDialog;
import org.p2psip.disco.state.ConferenceInfo.User;
import org.p2psip.disco.state.ConferenceInfo.Users;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * {@link ConferenceInfo} as XML: written in the namespaces of RFC 4575 and DisCo section 7, read
 * only after the document validates against both schemas. Reading is safe against hostile bodies:
 * size checked before parsing, no DOCTYPE (so no entity expansion or external entities), no
 * external schema or DTD access.
 */
public final class ConferenceInfoXml {

  /** RFC 4575's namespace. */
  public static final String CONFERENCE_INFO = "urn:ietf:params:xml:ns:conference-info";

  /** DisCo section 7.2's namespace (the draft's own, kept for interoperability with it). */
  public static final String MULTI_FOCUS = "http://www.example.org/inet-ci-multifocus-ext";

  /** This project's extension inside {@code <participant>}: the participant's coordinate. */
  public static final String P2PSIP = "urn:p2psip:disco";

  /** The MIME type of a conference state for participants (RFC 4575). */
  public static final String CONFERENCE_INFO_TYPE = "application/conference-info+xml";

  /** The MIME type of a conference state between foci (DisCo 5.1). */
  public static final String DISTRIBUTED_CONFERENCE_INFO_TYPE =
      "application/distributed-conference-info+xml";

  /** Bodies larger than this are refused unparsed (a focus's state of some hundred users). */
  public static final int DEFAULT_MAX_BYTES = 256 * 1024;

  private static final Schema SCHEMA = loadSchema();

  private final int maxBytes;

  public ConferenceInfoXml() {
    this(DEFAULT_MAX_BYTES);
  }

  public ConferenceInfoXml(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The UTF-8 XML of {@code info}; it validates against both schemas. */
  public byte[] write(ConferenceInfo info) {
    Document document = newBuilder().newDocument();
    Element root = document.createElementNS(CONFERENCE_INFO, "conference-info");
    root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", CONFERENCE_INFO);
    root.setAttribute("entity", info.entity());
    root.setAttribute("state", info.state().xml());
    root.setAttribute("version", Long.toString(info.version()));
    document.appendChild(root);
    Writer writer = new Writer(document);
    if (info.description() != null) {
      root.appendChild(writer.description(info.description()));
    }
    if (info.users() != null) {
      root.appendChild(writer.users(info.users()));
    }
    if (info.focusStates() != null) {
      root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:mf", MULTI_FOCUS);
      root.appendChild(writer.focusStates(info.focusStates()));
    }
    return serialise(document);
  }

  /**
   * Parses and validates {@code body}.
   *
   * @throws InvalidConferenceInfo with a message fit for a SIP reason phrase or log line
   */
  public ConferenceInfo read(byte[] body) {
    if (body.length > maxBytes) {
      throw new InvalidConferenceInfo(
          "conference-info of " + body.length + " bytes; at most " + maxBytes);
    }
    Document document;
    try (InputStream in = new ByteArrayInputStream(body)) {
      document = newBuilder().parse(in);
    } catch (SAXException | IOException e) {
      throw new InvalidConferenceInfo("not well-formed XML: " + e.getMessage());
    }
    try {
      Validator validator = SCHEMA.newValidator();
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      validator.validate(new DOMSource(document));
    } catch (SAXException | IOException e) {
      throw new InvalidConferenceInfo("invalid conference-info: " + e.getMessage());
    }
    Element root = document.getDocumentElement();
    if (!CONFERENCE_INFO.equals(root.getNamespaceURI())
        || !"conference-info".equals(root.getLocalName())) {
      throw new InvalidConferenceInfo("the root element is not conference-info");
    }
    return Reader.conferenceInfo(root);
  }

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("XML parser unavailable", e);
    }
  }

  private static Schema loadSchema() {
    try {
      SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      return factory.newSchema(
          new StreamSource[] {
            schemaSource("conference-info.xsd"), schemaSource("disco-focus-states.xsd")
          });
    } catch (SAXException e) {
      throw new IllegalStateException("the conference-info schemas do not load", e);
    }
  }

  private static StreamSource schemaSource(String name) {
    var url = ConferenceInfoXml.class.getResource(name);
    if (url == null) {
      throw new IllegalStateException("schema " + name + " missing from the classpath");
    }
    return new StreamSource(url.toExternalForm());
  }

  private static byte[] serialise(Document document) {
    try {
      Transformer transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      transformer.setOutputProperty(OutputKeys.INDENT, "yes");
      transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      transformer.transform(new DOMSource(document), new StreamResult(out));
      return out.toByteArray();
    } catch (TransformerException e) {
      throw new IllegalStateException("conference-info could not be written", e);
    }
  }

  /** DOM building, in the element order both schemas' sequences demand. */
  private static final class Writer {
    private final Document document;

    Writer(Document document) {
      this.document = document;
    }

    Element description(Description description) {
      Element element = ci("conference-description");
      if (description.displayText() != null) {
        element.appendChild(text(ci("display-text"), description.displayText()));
      }
      if (description.maximumUserCount() != null) {
        element.appendChild(
            text(ci("maximum-user-count"), Long.toString(description.maximumUserCount())));
      }
      if (!description.media().isEmpty()) {
        Element media = ci("available-media");
        for (AvailableMedia entry : description.media()) {
          Element medium = ci("entry");
          medium.setAttribute("label", entry.label());
          medium.appendChild(text(ci("type"), entry.type()));
          if (entry.status() != null) {
            medium.appendChild(text(ci("status"), entry.status()));
          }
          media.appendChild(medium);
        }
        element.appendChild(media);
      }
      return element;
    }

    Element users(Users users) {
      Element element = ci("users");
      element.setAttribute("state", users.state().xml());
      for (User user : users.users()) {
        Element child = ci("user");
        child.setAttribute("entity", user.entity());
        child.setAttribute("state", user.state().xml());
        if (user.displayText() != null) {
          child.appendChild(text(ci("display-text"), user.displayText()));
        }
        for (Endpoint endpoint : user.endpoints()) {
          child.appendChild(endpoint(endpoint));
        }
        element.appendChild(child);
      }
      return element;
    }

    private Element endpoint(Endpoint endpoint) {
      Element element = ci("endpoint");
      element.setAttribute("entity", endpoint.entity());
      element.setAttribute("state", endpoint.state().xml());
      if (endpoint.status() != null) {
        element.appendChild(text(ci("status"), endpoint.status()));
      }
      if (endpoint.joiningMethod() != null) {
        element.appendChild(text(ci("joining-method"), endpoint.joiningMethod()));
      }
      for (Media media : endpoint.media()) {
        Element child = ci("media");
        child.setAttribute("id", media.id());
        if (media.type() != null) {
          child.appendChild(text(ci("type"), media.type()));
        }
        if (media.status() != null) {
          child.appendChild(text(ci("status"), media.status()));
        }
        element.appendChild(child);
      }
      SipDialog dialog = endpoint.callInfo();
      if (dialog != null) {
        Element sip = ci("sip");
        sip.appendChild(text(ci("call-id"), dialog.callId()));
        sip.appendChild(text(ci("from-tag"), dialog.fromTag()));
        sip.appendChild(text(ci("to-tag"), dialog.toTag()));
        Element callInfo = ci("call-info");
        callInfo.appendChild(sip);
        element.appendChild(callInfo);
      }
      return element;
    }

    Element focusStates(FocusStates states) {
      Element element = mf("focus-states");
      element.setAttribute("state", states.state().xml());
      for (Focus focus : states.foci()) {
        Element child = mf("focus");
        child.setAttribute("entity", focus.entity());
        child.setAttribute("state", focus.state().xml());
        Capacity capacity = focus.capacity();
        if (capacity != null) {
          Element limits = mf("focus-capacity");
          if (capacity.maxParticipants() != null) {
            limits.appendChild(
                text(mf("max-participants"), Integer.toString(capacity.maxParticipants())));
          }
          if (capacity.maxFocusReferences() != null) {
            limits.appendChild(
                text(mf("max-focus-references"), Integer.toString(capacity.maxFocusReferences())));
          }
          child.appendChild(limits);
        }
        for (Participant participant : focus.participants()) {
          Element served = mf("participant");
          served.setAttribute("entity", participant.entity());
          served.setAttribute("state", participant.state().xml());
          if (participant.coordinate() != null) {
            Element coordinate = document.createElementNS(P2PSIP, "p2psip:coordinate");
            served.appendChild(text(coordinate, participant.coordinate()));
          }
          child.appendChild(served);
        }
        for (Graph graph : focus.graph()) {
          Element relation = mf("graph");
          relation.setAttribute("state", graph.state().xml());
          relation.appendChild(text(mf("ref-to-focus"), graph.refToFocus()));
          child.appendChild(relation);
        }
        element.appendChild(child);
      }
      return element;
    }

    private Element ci(String name) {
      return document.createElementNS(CONFERENCE_INFO, name);
    }

    private Element mf(String name) {
      return document.createElementNS(MULTI_FOCUS, "mf:" + name);
    }

    private Element text(Element element, String value) {
      element.setTextContent(value);
      return element;
    }
  }

  /** DOM reading of a validated document: what the schemas guarantee is not checked again. */
  private static final class Reader {

    static ConferenceInfo conferenceInfo(Element root) {
      String version = root.getAttribute("version");
      Element description = child(root, CONFERENCE_INFO, "conference-description");
      Element users = child(root, CONFERENCE_INFO, "users");
      Element focusStates = child(root, MULTI_FOCUS, "focus-states");
      ElementState state = ElementState.of(root.getAttribute("state"));
      if (state == ElementState.DELETED) {
        throw new InvalidConferenceInfo("a conference-info document cannot be deleted");
      }
      return new ConferenceInfo(
          root.getAttribute("entity"),
          version.isEmpty() ? 0 : Long.parseLong(version),
          state,
          description == null ? null : description(description),
          users == null ? null : users(users),
          focusStates == null ? null : focusStates(focusStates));
    }

    private static Description description(Element element) {
      Element media = child(element, CONFERENCE_INFO, "available-media");
      Element maximum = child(element, CONFERENCE_INFO, "maximum-user-count");
      return new Description(
          textOf(element, CONFERENCE_INFO, "display-text"),
          maximum == null ? null : Long.parseLong(maximum.getTextContent().trim()),
          media == null
              ? List.of()
              : map(
                  children(media, CONFERENCE_INFO, "entry"),
                  entry ->
                      new AvailableMedia(
                          entry.getAttribute("label"),
                          textOf(entry, CONFERENCE_INFO, "type"),
                          textOf(entry, CONFERENCE_INFO, "status"))));
    }

    private static Users users(Element element) {
      return new Users(
          ElementState.of(element.getAttribute("state")),
          map(
              children(element, CONFERENCE_INFO, "user"),
              user ->
                  new User(
                      user.getAttribute("entity"),
                      ElementState.of(user.getAttribute("state")),
                      textOf(user, CONFERENCE_INFO, "display-text"),
                      map(children(user, CONFERENCE_INFO, "endpoint"), Reader::endpoint))));
    }

    private static Endpoint endpoint(Element element) {
      Element callInfo = child(element, CONFERENCE_INFO, "call-info");
      Element sip = callInfo == null ? null : child(callInfo, CONFERENCE_INFO, "sip");
      return new Endpoint(
          element.getAttribute("entity"),
          ElementState.of(element.getAttribute("state")),
          textOf(element, CONFERENCE_INFO, "status"),
          textOf(element, CONFERENCE_INFO, "joining-method"),
          map(
              children(element, CONFERENCE_INFO, "media"),
              media ->
                  new Media(
                      media.getAttribute("id"),
                      textOf(media, CONFERENCE_INFO, "type"),
                      textOf(media, CONFERENCE_INFO, "status"))),
          sip == null
              ? null
              : new SipDialog(
                  required(textOf(sip, CONFERENCE_INFO, "call-id")),
                  required(textOf(sip, CONFERENCE_INFO, "from-tag")),
                  required(textOf(sip, CONFERENCE_INFO, "to-tag"))));
    }

    private static FocusStates focusStates(Element element) {
      return new FocusStates(
          ElementState.of(element.getAttribute("state")),
          map(children(element, MULTI_FOCUS, "focus"), Reader::focus));
    }

    private static Focus focus(Element element) {
      Element capacity = child(element, MULTI_FOCUS, "focus-capacity");
      return new Focus(
          required(element.getAttribute("entity")),
          ElementState.of(element.getAttribute("state")),
          capacity == null
              ? null
              : new Capacity(
                  integer(textOf(capacity, MULTI_FOCUS, "max-participants")),
                  integer(textOf(capacity, MULTI_FOCUS, "max-focus-references"))),
          map(
              children(element, MULTI_FOCUS, "participant"),
              participant ->
                  new Participant(
                      required(participant.getAttribute("entity")),
                      ElementState.of(participant.getAttribute("state")),
                      textOf(participant, P2PSIP, "coordinate"))),
          map(
              children(element, MULTI_FOCUS, "graph"),
              graph ->
                  new Graph(
                      required(textOf(graph, MULTI_FOCUS, "ref-to-focus")),
                      ElementState.of(graph.getAttribute("state")))));
    }

    private static String required(@Nullable String value) {
      if (value == null || value.isEmpty()) {
        throw new InvalidConferenceInfo("an entity or reference DisCo needs is missing");
      }
      return value;
    }

    private static @Nullable Integer integer(@Nullable String value) {
      return value == null ? null : Integer.valueOf(value.trim());
    }

    private static @Nullable String textOf(Element parent, String namespace, String name) {
      Element element = child(parent, namespace, name);
      return element == null ? null : element.getTextContent().trim();
    }

    private static @Nullable Element child(Element parent, String namespace, String name) {
      List<Element> all = children(parent, namespace, name);
      return all.isEmpty() ? null : all.get(0);
    }

    private static List<Element> children(Element parent, String namespace, String name) {
      List<Element> found = new ArrayList<>();
      for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
        if (node instanceof Element element
            && namespace.equals(element.getNamespaceURI())
            && name.equals(element.getLocalName())) {
          found.add(element);
        }
      }
      return found;
    }

    private static <T> List<T> map(List<Element> elements, Function<Element, T> reader) {
      List<T> out = new ArrayList<>(elements.size());
      for (Element element : elements) {
        out.add(reader.apply(element));
      }
      return out;
    }
  }
}
