@NullMarked
package org.p2psip.hostpeer.auth;

import org.jspecify.annotations.NullMarked;
