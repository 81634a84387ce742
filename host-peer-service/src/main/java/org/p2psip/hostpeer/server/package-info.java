@NullMarked
package org.p2psip.hostpeer.server;

import org.jspecify.annotations.NullMarked;
