/** The {@code p2psip} command line (picocli) over the SDK and the load tools. */
@NullMarked
package org.p2psip.cli;

import org.jspecify.annotations.NullMarked;
