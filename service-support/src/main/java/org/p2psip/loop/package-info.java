@NullMarked
package org.p2psip.loop;

import org.jspecify.annotations.NullMarked;
