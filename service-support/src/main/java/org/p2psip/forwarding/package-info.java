@NullMarked
package org.p2psip.forwarding;

import org.jspecify.annotations.NullMarked;
