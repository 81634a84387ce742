@NullMarked
package org.p2psip.trust;

import org.jspecify.annotations.NullMarked;
