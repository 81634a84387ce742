@NullMarked
package org.p2psip.hostpeer.status;

import org.jspecify.annotations.NullMarked;
