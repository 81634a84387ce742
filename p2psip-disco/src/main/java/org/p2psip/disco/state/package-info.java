/**
 * The conference state: RFC 4575's {@code conference-info} document extended with DisCo section 7's
 * {@code <focus-states>}, as a model, its XML (validated against both schemas), and the version and
 * full/partial rules by which a focus applies what it is notified.
 */
@NullMarked
package org.p2psip.disco.state;

import org.jspecify.annotations.NullMarked;
