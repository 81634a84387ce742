@NullMarked
package org.p2psip.hostpeer.session;

import org.jspecify.annotations.NullMarked;
