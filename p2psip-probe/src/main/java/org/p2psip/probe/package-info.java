@NullMarked
package org.p2psip.probe;

import org.jspecify.annotations.NullMarked;
