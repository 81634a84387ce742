@NullMarked
package org.p2psip.hostpeer.record;

import org.jspecify.annotations.NullMarked;
