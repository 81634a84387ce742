@NullMarked
package org.p2psip.hostpeer;

import org.jspecify.annotations.NullMarked;
