@NullMarked
package org.p2psip.hostpeer.config;

import org.jspecify.annotations.NullMarked;
