package org.p2psip.enrollment.account;

import java.util.List;
import org.p2psip.protocol.value.Id128;

/** An account as the CA sees it: login verifier, status, Node-IDs issued so far. */
public record Account(String userName, String verifier, boolean active, List<Id128> nodeIds) {}
