@NullMarked
package org.p2psip.landmark;

import org.jspecify.annotations.NullMarked;
