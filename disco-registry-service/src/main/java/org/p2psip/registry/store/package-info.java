@NullMarked
package org.p2psip.registry.store;

import org.jspecify.annotations.NullMarked;
