@NullMarked
package org.p2psip.hostpeer.handler;

import org.jspecify.annotations.NullMarked;
