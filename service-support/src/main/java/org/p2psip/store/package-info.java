@NullMarked
package org.p2psip.store;

import org.jspecify.annotations.NullMarked;
