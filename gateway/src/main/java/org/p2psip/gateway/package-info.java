@NullMarked
package org.p2psip.gateway;

import org.jspecify.annotations.NullMarked;
