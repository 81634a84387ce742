@NullMarked
package org.p2psip.netcoord;

import org.jspecify.annotations.NullMarked;
