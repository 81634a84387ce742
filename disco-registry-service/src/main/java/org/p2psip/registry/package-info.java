@NullMarked
package org.p2psip.registry;

import org.jspecify.annotations.NullMarked;
